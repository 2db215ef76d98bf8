using System.Security.Cryptography;
using System.Text;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Queries;
using DataPort.Sandbox.Roles;

namespace DataPort.Sandbox;

/// <summary>A use that passed authorisation, with the check that allowed it and the grant's roles as synced.</summary>
public sealed record AuthorizedUse(GrantCheck Check, SandboxUse Use, GrantRoles Roles, string QueryHash)
{
    public SandboxGrant Grant => Check.Grant;

    /// <summary>Rows this use may return: the sandbox's cap, or less when the grant's row quota has less left.</summary>
    public long RowLimit(int rowCap) => Grant.RowsRemaining is { } left ? Math.Min(rowCap, left) : rowCap;

    /// <summary>Why a result stopped at <see cref="RowLimit"/>: the grant's quota or the sandbox's per-answer cap.</summary>
    public string TruncationReason(int rowCap) => RowLimit(rowCap) < rowCap ? "row-quota" : "row-cap";
}

/// <summary>
/// The gate every sandbox use passes: the live grant authorises it (the grain decides with the domain's rules and
/// records a refusal in the same call), then the grant's roles are checked before any SQL runs. A grant found
/// suspended, revoked or expired has its roles dropped on the spot. After the use, <see cref="CompleteAsync"/>
/// records it on the grant's stream: the one record every usage figure is projected from.
/// </summary>
/// <remarks>
/// The grant-role projection changes the roles when grant events happen, but it runs behind the writers (a poll
/// interval, longer if its daemon is down or catching up). So the query path still checks that the roles match
/// the live grant it just authorised — one indexed read comparing the stored terms and loaded versions — and
/// repairs them only when they do not: a narrowed grant must never run one more query on its wider roles.
/// </remarks>
public sealed class SandboxGuard(IGrantGateway gateway, ISandboxRoles roles, TimeProvider time)
{
    public async Task<AuthorizedUse> AuthorizeAsync(string grantId, SandboxUse use, string queryText, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(grantId) || grantId.Length > 200)
        {
            throw new SandboxValidationException("A grant id is required (at most 200 characters).");
        }
        var queryHash = Hash(queryText);
        var check = await gateway.CheckAsync(grantId, use, queryHash, cancellationToken)
            ?? throw new SandboxNotFoundException($"There is no grant {grantId} for your organisation.");
        var grant = check.Grant;
        if (check.Decision.Reason == SandboxDecision.BusyReason)
        {
            throw new SandboxQueryException(new SandboxQueryFailure(FailureKind.ResourceLimit, "Too many concurrent queries",
                check.Decision.Message!, Npgsql.PostgresErrorCodes.TooManyConnections));
        }
        if (!check.Decision.Allowed)
        {
            if (!grant.IsLive(time.GetUtcNow()))
            {
                await roles.DropGrantAsync(grant.GrantId, grant.Version, "denied:" + check.Decision.Reason, cancellationToken);
            }
            throw new SandboxAccessDeniedException(check.Decision.Reason ?? "denied", check.Decision.Message ?? "The grant does not allow this use.");
        }
        var synced = await roles.EnsureCurrentAsync(grant, cancellationToken)
            ?? throw new SandboxAccessDeniedException("grant-not-live", $"Grant {grant.GrantId} is not live.");
        return new AuthorizedUse(check, use, synced, queryHash);
    }

    /// <summary>Charges a noisy aggregation's ε to the grant's privacy budget, just before it runs.</summary>
    public Task<(double Left, DateTimeOffset RenewsAt)?> SpendPrivacyAsync(AuthorizedUse authorized, double epsilon, CancellationToken cancellationToken) =>
        gateway.SpendPrivacyAsync(authorized.Check, authorized.Use, epsilon, authorized.QueryHash, cancellationToken);

    /// <summary>Records a use that ran (whatever its outcome) on the grant's stream; it counts against the quota.</summary>
    public Task CompleteAsync(AuthorizedUse authorized, long rows, bool truncated, long durationMs, string outcome, CancellationToken cancellationToken) =>
        gateway.RecordAsync(authorized.Check, authorized.Use, new UseReport(authorized.QueryHash, rows, truncated, durationMs, outcome), cancellationToken);

    /// <summary>
    /// Only the SHA-256 of what was asked is recorded: enough to prove later which query ran, without publishing
    /// the developer's work.
    /// </summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
