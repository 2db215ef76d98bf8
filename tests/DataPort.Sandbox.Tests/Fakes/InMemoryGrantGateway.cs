using System.Collections.Concurrent;
using DataPort.Domain.Grants;
using DataPort.Sandbox.Grants;
using Npgsql;

namespace DataPort.Sandbox.Tests;

/// <summary>
/// A test double for the grant grains: grants held in memory and decided with <see cref="SandboxAuthorization"/>, so
/// the sandbox's own enforcement can be tested against grants in any state. Uses go into <c>sandbox.query_log</c>
/// as the production projection of the grant's usage events writes them. Journey and event tests use the real grains.
/// </summary>
public sealed class InMemoryGrantGateway(TimeProvider time, NpgsqlDataSource dataSource) : IGrantGateway
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

    public async Task<GrantCheck?> CheckAsync(string grantId, SandboxUse use, string queryHash, CancellationToken cancellationToken = default)
    {
        if (grants.GetValueOrDefault(grantId) is not { } grant || !SandboxAuthorization.Holds(grant, use.Caller))
        {
            return null;
        }
        var decision = SandboxAuthorization.Decide(grant, use, time.GetUtcNow());
        if (!decision.Allowed)
        {
            await LogAsync(grant, use, new UseReport(queryHash, 0, false, 0, UseOutcomes.Denied(decision.Reason!)), cancellationToken);
        }
        return new GrantCheck(grant, decision);
    }

    public async Task RecordAsync(SandboxGrant grant, SandboxUse use, UseReport report, CancellationToken cancellationToken = default)
    {
        if (!UseOutcomes.IsDenied(report.Outcome))
        {
            grants.AddOrUpdate(grant.GrantId, grant, (_, current) => current with
            {
                QueriesRemaining = current.QueriesRemaining is { } left ? left - 1 : null,
                RowsRemaining = current.RowsRemaining is { } rows ? Math.Max(0, rows - report.Rows) : null,
            });
        }
        await LogAsync(grant, use, report, cancellationToken);
    }

    private async Task LogAsync(SandboxGrant grant, SandboxUse use, UseReport report, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO sandbox.query_log (grant_id, kind, dataset_id, version, query_hash, row_count, truncated, duration_ms, outcome, actor_id, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """);
        var p = command.Parameters;
        p.Add(new() { Value = grant.GrantId });
        p.Add(new() { Value = use.Kind.ToString().ToLowerInvariant() });
        p.Add(new() { Value = (object?)use.DatasetId ?? DBNull.Value });
        p.Add(new() { Value = (object?)use.Version ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        p.Add(new() { Value = report.QueryHash });
        p.Add(new() { Value = report.Rows });
        p.Add(new() { Value = report.Truncated });
        p.Add(new() { Value = report.DurationMs });
        p.Add(new() { Value = report.Outcome });
        p.Add(new() { Value = use.Caller.Id });
        p.Add(new() { Value = time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
