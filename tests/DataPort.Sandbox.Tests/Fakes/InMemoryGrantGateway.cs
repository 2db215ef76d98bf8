using System.Collections.Concurrent;
using DataPort.Database;
using DataPort.Domain.Grants;
using DataPort.EventStore;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Usage;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace DataPort.Sandbox.Tests;

/// <summary>
/// What the test double knows of a grant beyond what the sandbox enforces itself: who holds it and its licence terms,
/// which in production the domain's grant decides on.
/// </summary>
public sealed record FakeTerms(IReadOnlySet<string> Holders, bool AggregateOnly = false, bool DownloadAllowed = true, long? QueriesRemaining = null)
{
    public static FakeTerms For(string holder) => new(new HashSet<string>(StringComparer.Ordinal) { holder });
}

/// <summary>
/// A test double for the grant grains: grants held in memory and decided with <see cref="SandboxAuthorization"/>, so
/// the sandbox's own enforcement can be tested against grants in any state. Uses go into <c>sandbox.query_log</c>
/// through the production projection of the grant's usage events. Journey and event tests use the real grains.
/// </summary>
public sealed class InMemoryGrantGateway(TimeProvider time, NpgsqlDataSource dataSource, string holder) : IGrantGateway
{
    private readonly ConcurrentDictionary<string, (SandboxGrant Grant, FakeTerms Terms)> grants = new(StringComparer.Ordinal);
    private readonly Lazy<DocumentStore> events = new(() => UsageEvents(dataSource));

    // Every change gets the next version, as an event on the grant's stream would.
    public void Put(SandboxGrant grant, FakeTerms? terms = null) =>
        grants.AddOrUpdate(grant.GrantId, _ => (grant with { Version = Math.Max(grant.Version, 1) }, terms ?? FakeTerms.For(holder)),
            (_, current) => (grant with { Version = Math.Max(grant.Version, current.Grant.Version + 1) }, terms ?? current.Terms));

    public void Update(string grantId, Func<SandboxGrant, SandboxGrant> change) =>
        grants.AddOrUpdate(grantId, _ => throw new KeyNotFoundException(grantId),
            (_, current) => (change(current.Grant) with { Version = current.Grant.Version + 1 }, current.Terms));

    public Task<SandboxGrant?> FindAsync(string grantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(grants.TryGetValue(grantId, out var found) ? found.Grant : null);

    public async Task<GrantCheck?> CheckAsync(string grantId, SandboxUse use, string queryHash, CancellationToken cancellationToken = default)
    {
        if (!grants.TryGetValue(grantId, out var found) || !SandboxAuthorization.Holds(found.Terms, use.Caller))
        {
            return null;
        }
        var check = new GrantCheck(found.Grant, new GrantUse(use.DatasetId ?? "", use.Version ?? 0, use.Fields ?? [], use.Kind, 0),
            SandboxAuthorization.Decide(found.Grant, found.Terms, use, time.GetUtcNow()));
        if (!check.Decision.Allowed)
        {
            await LogAsync(check, use, new UseReport(queryHash, 0, false, 0, UseOutcomes.Denied(check.Decision.Reason!)), cancellationToken);
        }
        return check;
    }

    // The fake resolves every use with ε = 0 (the exact path), so nothing is ever spent here.
    public Task<(double Left, DateTimeOffset RenewsAt)?> SpendPrivacyAsync(
        GrantCheck check, SandboxUse use, double epsilon, string queryHash, CancellationToken cancellationToken = default) =>
        Task.FromResult<(double, DateTimeOffset)?>(null);

    public async Task RecordAsync(GrantCheck check, SandboxUse use, UseReport report, CancellationToken cancellationToken = default)
    {
        if (!UseOutcomes.IsDenied(report.Outcome))
        {
            grants.AddOrUpdate(check.Grant.GrantId, (check.Grant, FakeTerms.For(holder)), (_, current) => (
                current.Grant with { RowsRemaining = current.Grant.RowsRemaining is { } rows ? Math.Max(0, rows - report.Rows) : null },
                current.Terms with { QueriesRemaining = current.Terms.QueriesRemaining is { } left ? left - 1 : null }));
        }
        await LogAsync(check, use, report, cancellationToken);
    }

    // The query log is written by the production projection, from the event the grant grain would append.
    private async Task LogAsync(GrantCheck check, SandboxUse use, UseReport report, CancellationToken cancellationToken)
    {
        var recorded = new GrantUsageRecorded(check.Grant.GrantId, use.Kind, report.Rows, use.Caller.Id, time.GetUtcNow(), report.Outcome,
            use.Version, report.QueryHash, report.DurationMs, report.Truncated);
        await using var session = events.Value.LightweightSession();
        session.Events.Append("grant-" + check.Grant.GrantId, recorded);
        await session.SaveChangesAsync(cancellationToken);
    }

    // Marten as the server configures it for this one event, with the query log projected inline.
    private static DocumentStore UsageEvents(NpgsqlDataSource dataSource)
    {
        var options = EventStoreSchema.CreateOptions(dataSource);
        EventStoreRegistration.ConfigureSerialization(options);
        options.Events.MapEventType<GrantUsageRecorded>("grant.usage-recorded");
        options.Projections.Add(new QueryLogProjection(), ProjectionLifecycle.Inline);
        return new DocumentStore(options);
    }
}
