using DataPort.Domain.Grants;
using DataPort.Grains.Cluster;
using DataPort.Grains.Grants;
using Orleans;

namespace DataPort.Sandbox.Grants;

/// <summary>
/// <see cref="IGrantGateway"/> over the grant grains: one call decides a use with <see cref="GrantAuthorization"/> on the
/// grain's live state (recording a refusal in the same call), one records a use that ran (<c>RecordUsage</c>).
/// </summary>
public sealed class GrainGrantGateway(IGrainFactory grains, SandboxOptions options, TimeProvider time) : IGrantGateway
{
    public async Task<SandboxGrant?> FindAsync(string grantId, CancellationToken cancellationToken = default) =>
        await Grain(grantId).GetAsync() is { } grant ? ToSandbox(grant.State, options.MinimumGroupSize, grant.Version) : null;

    public async Task<GrantCheck?> CheckAsync(string grantId, SandboxUse use, string queryHash, CancellationToken cancellationToken = default)
    {
        // A query cannot outlive its statement timeout; a download has none, so its place is held for the grain's lease.
        var lease = use.Request.Kind == UseKind.Download ? TimeSpan.MaxValue : options.StatementTimeout + TimeSpan.FromSeconds(30);
        var limits = new UseLimits(options.ConnectionsPerGrant, lease);
        if (await Grain(grantId).CheckUseAsync(use.Request, use.Caller, queryHash, time.GetUtcNow(), limits) is not { } check)
        {
            return null;
        }
        return new GrantCheck(ToSandbox(check.Grant.State, options.MinimumGroupSize, check.Grant.Version), check.Use, check.Decision switch
        {
            Denied denied => SandboxDecision.Deny(denied.Code, $"Grant {grantId}: {denied.Reason}."),
            Busy busy => SandboxDecision.Deny(SandboxDecision.BusyReason,
                $"Grant {grantId} already runs {busy.AtOnce} queries or downloads at once; wait for one to finish."),
            _ => SandboxDecision.Allow,
        });
    }

    public async Task<(double Left, DateTimeOffset RenewsAt)?> SpendPrivacyAsync(
        GrantCheck check, SandboxUse use, double epsilon, string queryHash, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        try
        {
            var grant = await Grain(check.Grant.GrantId).ExecuteAsync(new SpendPrivacyBudget(check.Grant.GrantId, epsilon, use.Caller, now, queryHash));
            return grant.State.PrivacyLeft(now);
        }
        catch (DataPort.Domain.Common.InvalidTransitionException spent)
        {
            throw new SandboxAccessDeniedException("privacy-budget-exhausted", $"Grant {check.Grant.GrantId}: {spent.Message}");
        }
    }

    /// <summary>
    /// Records the use on its grant's stream. A use that ran must reach the history even when the grant's silo died
    /// meanwhile, so a node loss is tried again until the grain is placed elsewhere (seconds; given up after
    /// <see cref="RecordRetryBudget"/>). The one case this can record twice is a silo that died after its append
    /// committed and before it replied, which is far narrower than the failover it covers.
    /// </summary>
    public async Task RecordAsync(GrantCheck check, SandboxUse use, UseReport report, CancellationToken cancellationToken = default)
    {
        var record = new RecordUsage(check.Grant.GrantId, check.Use with { Rows = report.Rows }, use.Caller,
            time.GetUtcNow(), report.Outcome, report.QueryHash, report.DurationMs, report.Truncated);
        var waited = TimeSpan.Zero;
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await Grain(check.Grant.GrantId).ExecuteAsync(record);
                return;
            }
            catch (Exception e) when (NodeLoss.Caused(e) && waited < RecordRetryBudget)
            {
                await Task.Delay(pause, CancellationToken.None);
                waited += pause;
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>Longer than a dead silo takes to be declared dead (6–12 s measured, docs/scaling.md).</summary>
    private static readonly TimeSpan RecordRetryBudget = TimeSpan.FromSeconds(30);

    private IAccessGrantGrain Grain(string grantId) => grains.GetGrain<IAccessGrantGrain>(grantId);

    public static SandboxGrant ToSandbox(AccessGrant grant, int minimumGroupSize, long version = 0) => new(
        grant.GrantId,
        grant.Status switch
        {
            GrantStatus.Active => SandboxGrantStatus.Active,
            GrantStatus.Suspended => SandboxGrantStatus.Suspended,
            GrantStatus.Revoked => SandboxGrantStatus.Revoked,
            GrantStatus.Expired => SandboxGrantStatus.Expired,
            _ => SandboxGrantStatus.NotIssued,
        },
        grant.ExpiresAt ?? DateTimeOffset.MinValue,
        minimumGroupSize,
        [new GrantedDataset(grant.DatasetId, new HashSet<string>(grant.GrantedFields, StringComparer.Ordinal),
            grant.DatasetVersion is { } pinned ? new HashSet<int> { pinned } : null)],
        version)
    {
        RowsRemaining = grant.Quota.RowsLeft(grant.Usage),
    };
}
