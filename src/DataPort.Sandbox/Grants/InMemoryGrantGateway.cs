using System.Collections.Concurrent;

namespace DataPort.Sandbox.Grants;

/// <summary>
/// Grants held in memory, decided with <see cref="SandboxAuthorization"/>: the stand-in until the grains'
/// AccessGrant is wired, and what tests use to issue, suspend and expire grants.
/// </summary>
public sealed class InMemoryGrantGateway(TimeProvider time) : IGrantGateway
{
    private readonly ConcurrentDictionary<string, SandboxGrant> grants = new(StringComparer.Ordinal);

    // Every change gets the next version, as an event on the grant's stream would.
    public void Put(SandboxGrant grant) =>
        grants.AddOrUpdate(grant.GrantId, _ => grant with { Version = Math.Max(grant.Version, 1) },
            (_, current) => grant with { Version = Math.Max(grant.Version, current.Version + 1) });

    public void Update(string grantId, Func<SandboxGrant, SandboxGrant> change) =>
        grants.AddOrUpdate(grantId, _ => throw new KeyNotFoundException(grantId),
            (_, grant) => change(grant) with { Version = grant.Version + 1 });

    public Task<SandboxGrant?> FindAsync(string grantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(grants.GetValueOrDefault(grantId));

    public Task<SandboxDecision> AuthorizeAsync(SandboxGrant grant, SandboxUse use, CancellationToken cancellationToken = default) =>
        Task.FromResult(SandboxAuthorization.Decide(grant, use, time.GetUtcNow()));

    public Task ConsumeAsync(SandboxGrant grant, SandboxUse use, long rows, CancellationToken cancellationToken = default)
    {
        grants.AddOrUpdate(grant.GrantId, grant,
            (_, current) => current.QueriesRemaining is { } left ? current with { QueriesRemaining = left - 1 } : current);
        return Task.CompletedTask;
    }
}
