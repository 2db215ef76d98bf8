using DataPort.Domain.Grants;
using DataPort.EventStore.Projections;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using JasperFx.Events;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataPort.Sandbox.Roles;

/// <summary>
/// Creates, narrows and drops each grant's PostgreSQL roles as its events happen: issued or resumed → the roles
/// are made to match the live grant; suspended, revoked or expired → dropped at once, without asking the grant.
/// </summary>
/// <remarks>
/// A Marten subscription, so across all server processes one node's daemon applies it and every grant event is
/// seen, including the expiry events the grant-expiry sweep appends. The role changes run outside the page's
/// transaction, each in its own under the grant's advisory lock, and are idempotent: a page delivered again after a
/// crash, or a replay from the first event, only brings the roles to the grant's current state once more. Within one
/// page only a grant's last relevant event counts.
/// </remarks>
internal sealed partial class GrantRoleProjection(
    IGrantGateway grants, ISandboxRoles roles, SandboxVersions versions, ILogger<GrantRoleProjection> logger)
    : IAsyncProjection
{
    /// <summary>What changes a grant's roles; the subscription loads no other event.</summary>
    public static readonly Type[] EventTypes = [typeof(GrantIssued), typeof(GrantResumed), typeof(GrantSuspended), typeof(GrantRevoked), typeof(GrantExpired)];

    public async Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, IEvent>(StringComparer.Ordinal);
        foreach (var stored in events)
        {
            if (stored.Data is GrantIssued or GrantResumed or GrantSuspended or GrantRevoked or GrantExpired)
            {
                last[((IGrantEvent)stored.Data).GrantId] = stored;
            }
        }
        foreach (var (grantId, stored) in last)
        {
            switch (stored.Data)
            {
                case GrantSuspended:
                    await roles.DropGrantAsync(grantId, stored.Version, "suspended", cancellationToken);
                    break;
                case GrantRevoked:
                    await roles.DropGrantAsync(grantId, stored.Version, "revoked", cancellationToken);
                    break;
                case GrantExpired:
                    await roles.DropGrantAsync(grantId, stored.Version, "expired", cancellationToken);
                    break;
                default:
                    await SyncAsync(grantId, stored, cancellationToken);
                    break;
            }
        }
    }

    private async Task SyncAsync(string grantId, IEvent stored, CancellationToken cancellationToken)
    {
        // The live grant, not the event: a replayed GrantIssued of a grant revoked since must not bring its roles back.
        var grant = await grants.FindAsync(grantId, cancellationToken);
        if (grant is null)
        {
            LogUnknownGrant(logger, grantId, stored.EventTypeName);
            return;
        }
        if (SandboxRoles.DesiredPrivileges(grant, await versions.ListAsync(cancellationToken)).Count == 0)
        {
            // No version of its dataset is in the sandbox: roles would grant nothing, and PostgreSQL roles are
            // cluster-wide, so none are made for grants the sandbox cannot serve. The first use after a load makes them.
            await roles.DropGrantAsync(grantId, cancellationToken);
            LogApplied(logger, stored.EventTypeName, grantId, "no loaded version, no roles");
            return;
        }
        var synced = await roles.SyncGrantAsync(grant, cancellationToken);
        LogApplied(logger, stored.EventTypeName, grantId, synced is null ? "no roles" : $"{synced.Schemas.Count} version(s)");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sandbox: {EventType} of grant {GrantId} applied to its roles ({Outcome})")]
    private static partial void LogApplied(ILogger logger, string eventType, string grantId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox: {EventType} names grant {GrantId}, which the grant gateway does not know")]
    private static partial void LogUnknownGrant(ILogger logger, string grantId, string eventType);
}
