using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Roles;
using DataPort.Sandbox.Usage;

namespace DataPort.Sandbox;

/// <summary>A use that passed authorisation, with the grant as it was decided and its roles as synced.</summary>
public sealed record AuthorizedUse(SandboxGrant Grant, SandboxUse Use, GrantRoles Roles);

/// <summary>
/// The gate every sandbox use passes: the live grant is fetched and authorised (the sandbox's own pure check,
/// then the grant owner's), denials are recorded, and the grant's roles are checked before any SQL runs.
/// A grant found suspended, revoked or expired has its roles dropped on the spot.
/// </summary>
/// <remarks>
/// The grant-role projection changes the roles when grant events happen, but it runs behind the writers (a poll
/// interval, longer if its daemon is down or catching up). So the query path still checks that the roles match
/// the live grant it just authorised — one indexed read comparing the stored terms and loaded versions — and
/// repairs them only when they do not: a narrowed grant must never run one more query on its wider roles.
/// </remarks>
public sealed class SandboxGuard(IGrantGateway gateway, ISandboxRoles roles, ISandboxUsageLedger ledger, TimeProvider time)
{
    public async Task<AuthorizedUse> AuthorizeAsync(string grantId, SandboxUse use, string queryHash, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(grantId) || grantId.Length > 200)
        {
            throw new SandboxValidationException("A grant id is required (at most 200 characters).");
        }
        var grant = await gateway.FindAsync(grantId, cancellationToken)
            ?? throw new SandboxNotFoundException($"There is no grant {grantId}.");
        var now = time.GetUtcNow();
        var decision = SandboxAuthorization.Decide(grant, use, now);
        if (decision.Allowed)
        {
            decision = await gateway.AuthorizeAsync(grant, use, cancellationToken);
        }
        if (!decision.Allowed)
        {
            if (!grant.IsLive(now))
            {
                await roles.DropGrantAsync(grant.GrantId, grant.Version, "denied:" + decision.Reason, cancellationToken);
            }
            await RecordAsync(grant.GrantId, use, queryHash, 0, false, 0, "denied:" + decision.Reason, cancellationToken);
            throw new SandboxAccessDeniedException(decision.Reason ?? "denied", decision.Message ?? "The grant does not allow this use.");
        }
        var synced = await roles.EnsureCurrentAsync(grant, cancellationToken)
            ?? throw new SandboxAccessDeniedException("grant-not-live", $"Grant {grant.GrantId} is not live.");
        return new AuthorizedUse(grant, use, synced);
    }

    /// <summary>Records a use that ran and consumes its quota (after the fact: the query already ran).</summary>
    public async Task CompleteAsync(AuthorizedUse authorized, string queryHash, long rows, bool truncated, long durationMs, string outcome,
        CancellationToken cancellationToken)
    {
        await RecordAsync(authorized.Grant.GrantId, authorized.Use, queryHash, rows, truncated, durationMs, outcome, cancellationToken);
        await gateway.ConsumeAsync(authorized.Grant, authorized.Use, rows, cancellationToken);
    }

    private Task RecordAsync(string grantId, SandboxUse use, string queryHash, long rows, bool truncated, long durationMs, string outcome,
        CancellationToken cancellationToken) =>
        ledger.RecordAsync(new SandboxUsageRecorded(
            grantId, use.Kind.ToString().ToLowerInvariant(), use.DatasetId, use.Version, queryHash, rows, truncated, durationMs, outcome,
            use.CallerId, time.GetUtcNow()), cancellationToken);
}
