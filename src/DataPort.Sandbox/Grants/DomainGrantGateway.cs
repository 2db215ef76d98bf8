using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Grains.EventSourcing;
using Microsoft.Extensions.Logging;

namespace DataPort.Sandbox.Grants;

/// <summary>
/// Where the live <see cref="AccessGrant"/> comes from and where its usage goes: implemented over the grains
/// (<c>IAccessGrantGrain</c>: its state, and its <c>RecordUsage</c> command).
/// </summary>
public interface IAccessGrants
{
    /// <summary>The grant and the stream version it reflects, or null if there is no such grant.</summary>
    Task<Versioned<AccessGrant>?> GetAsync(string grantId, CancellationToken cancellationToken = default);

    Task RecordUsageAsync(string grantId, GrantUse use, Caller by, CancellationToken cancellationToken = default);
}

/// <summary>
/// <see cref="IGrantGateway"/> over the domain's grants: maps an <see cref="AccessGrant"/> onto what the sandbox
/// enforces and asks the domain's <see cref="GrantAuthorization.Authorize"/> about every use.
/// </summary>
public sealed partial class DomainGrantGateway(IAccessGrants grants, SandboxOptions options, TimeProvider time, ILogger<DomainGrantGateway> logger)
    : IGrantGateway
{
    public async Task<SandboxGrant?> FindAsync(string grantId, CancellationToken cancellationToken = default) =>
        await grants.GetAsync(grantId, cancellationToken) is { } grant ? ToSandbox(grant.State, options.MinimumGroupSize, grant.Version) : null;

    public async Task<SandboxDecision> AuthorizeAsync(SandboxGrant grant, SandboxUse use, CancellationToken cancellationToken = default)
    {
        var live = (await grants.GetAsync(grant.GrantId, cancellationToken))?.State;
        if (live is null)
        {
            return SandboxDecision.Deny("grant-not-found", $"There is no grant {grant.GrantId}.");
        }
        return GrantAuthorization.Authorize(live, ToUse(live, use, rows: 0), time.GetUtcNow()) switch
        {
            Denied denied => SandboxDecision.Deny("grant-denied", $"Grant {grant.GrantId}: {denied.Reason}."),
            _ => SandboxDecision.Allow,
        };
    }

    public async Task ConsumeAsync(SandboxGrant grant, SandboxUse use, long rows, CancellationToken cancellationToken = default)
    {
        var live = (await grants.GetAsync(grant.GrantId, cancellationToken))?.State;
        if (live is null)
        {
            return;
        }
        try
        {
            await grants.RecordUsageAsync(grant.GrantId, ToUse(live, use, rows), new Caller(use.CallerId, "", []), cancellationToken);
        }
        catch (DomainException e)
        {
            // The query already ran; a quota crossed by this very query is refused on the next one instead.
            LogUsageRefused(logger, grant.GrantId, e.Reason);
        }
    }

    public static SandboxGrant ToSandbox(AccessGrant grant, int minimumGroupSize, long version = 0) => new(
        grant.GrantId,
        new HashSet<string>(StringComparer.Ordinal) { grant.DeveloperOrganisationId, grant.RequestedBy },
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
        version);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox: usage of grant {GrantId} was not recorded by the domain: {Reason}")]
    private static partial void LogUsageRefused(ILogger logger, string grantId, string reason);
}
