using DataPort.Domain.Grants;
using DataPort.Grains.Grants;
using DataPort.Grains.Runtime;

namespace DataPort.Sandbox.Grants;

/// <summary>
/// <see cref="IGrantGateway"/> over the grant grains: the grain decides a use with <see cref="GrantAuthorization"/> on
/// its live state (recording a refusal in the same call) and records a use that ran as its <c>RecordUsage</c> command.
/// </summary>
public sealed class GrainGrantGateway(IGrainFactory grains, SandboxOptions options, TimeProvider time) : IGrantGateway
{
    public async Task<SandboxGrant?> FindAsync(string grantId, CancellationToken cancellationToken = default) =>
        await Grain(grantId).GetAsync() is { } grant ? ToSandbox(grant.State, options.MinimumGroupSize, grant.Version) : null;

    public async Task<GrantCheck?> CheckAsync(string grantId, SandboxUse use, string queryHash, CancellationToken cancellationToken = default)
    {
        // Before a use runs it asks for no rows: the quota refuses only when nothing is left, and the use is cut to what is.
        var grain = Grain(grantId);
        var state = (await grain.GetAsync())?.State;
        if (state is null)
        {
            return null;
        }
        var check = await grain.CheckUseAsync(ToUse(state, use, rows: 0), use.Caller, queryHash, time.GetUtcNow());
        if (check is null)
        {
            return null;
        }
        var grant = ToSandbox(check.Grant.State, options.MinimumGroupSize, check.Grant.Version);
        return new GrantCheck(grant, check.Decision switch
        {
            Denied denied => SandboxDecision.Deny(denied.Code, $"Grant {grantId}: {denied.Reason}."),
            _ => SandboxDecision.Allow,
        });
    }

    public async Task RecordAsync(SandboxGrant grant, SandboxUse use, UseReport report, CancellationToken cancellationToken = default)
    {
        var grain = Grain(grant.GrantId);
        var state = (await grain.GetAsync())!.State;
        await grain.ExecuteAsync(new RecordUsage(grant.GrantId, ToUse(state, use, report.Rows), use.Caller, time.GetUtcNow(),
            report.Outcome, report.QueryHash, report.DurationMs, report.Truncated));
    }

    private IAccessGrantGrain Grain(string grantId) => grains.GetGrain<IAccessGrantGrain>(grantId);

    public static SandboxGrant ToSandbox(AccessGrant grant, int minimumGroupSize, long version = 0) => new(
        grant.GrantId,
        new HashSet<string>(StringComparer.Ordinal) { grant.DeveloperOrganisationId },
        grant.Status switch
        {
            GrantStatus.Active => SandboxGrantStatus.Active,
            GrantStatus.Suspended => SandboxGrantStatus.Suspended,
            GrantStatus.Revoked => SandboxGrantStatus.Revoked,
            GrantStatus.Expired => SandboxGrantStatus.Expired,
            _ => SandboxGrantStatus.NotIssued,
        },
        grant.ExpiresAt ?? DateTimeOffset.MinValue,
        grant.Licence.AggregateOnly ? SandboxAccessLevel.AggregateOnly : SandboxAccessLevel.RowLevel,
        grant.Licence.DownloadAllowed,
        minimumGroupSize,
        grant.Quota.MaxQueries is { } max ? Math.Max(0, max - grant.Usage.Queries) : null,
        [new GrantedDataset(grant.DatasetId, new HashSet<string>(grant.GrantedFields, StringComparer.Ordinal),
            grant.DatasetVersion is { } pinned ? new HashSet<int> { pinned } : null)],
        version)
    {
        RowsRemaining = grant.Quota.RowsLeft(grant.Usage),
    };

    private static GrantUse ToUse(AccessGrant grant, SandboxUse use, long rows) => new(
        use.DatasetId ?? grant.DatasetId,
        // Free SQL names no version; the grant role only reads covered versions, so the pinned one stands for it.
        use.Version ?? grant.DatasetVersion ?? 0,
        use.Fields ?? grant.GrantedFields,
        use.Kind switch
        {
            SandboxUseKind.Query => UseKind.SandboxQuery,
            SandboxUseKind.Aggregation => UseKind.Aggregate,
            _ => UseKind.Download,
        },
        rows);
}
