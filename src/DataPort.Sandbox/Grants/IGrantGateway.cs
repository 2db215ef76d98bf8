using DataPort.Domain.Grants;

namespace DataPort.Sandbox.Grants;

/// <summary>
/// The check before a use: the live grant as the sandbox enforces it, the use as the grant resolved it (its dataset,
/// version and fields filled in), and the grant's decision for it.
/// </summary>
public sealed record GrantCheck(SandboxGrant Grant, GrantUse Use, SandboxDecision Decision);

/// <summary>How a use that ran ended: rows returned, whether they were cut short, time taken, outcome.</summary>
public sealed record UseReport(string QueryHash, long Rows, bool Truncated, long DurationMs, string Outcome);

/// <summary>
/// The sandbox's one way to the live access grants (implemented by <see cref="GrainGrantGateway"/> over the grant
/// grains; the rules are the domain's <c>GrantAuthorization</c>, nowhere else).
/// </summary>
public interface IGrantGateway
{
    /// <summary>The live state of a grant (for its roles), or null if there is no such grant.</summary>
    Task<SandboxGrant?> FindAsync(string grantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The check before a use, in one call to the grant: null when the caller holds no such grant. A refusal is
    /// recorded on the grant's stream by this same call.
    /// </summary>
    Task<GrantCheck?> CheckAsync(string grantId, SandboxUse use, string queryHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Charges <paramref name="epsilon"/> of the grant's privacy budget for a noisy aggregation about to run (after it
    /// was checked and its request validated, so a malformed request spends nothing); returns what is left and when it
    /// renews. Throws <see cref="SandboxAccessDeniedException"/> when a racing use spent the budget first.
    /// </summary>
    Task<(double Left, DateTimeOffset RenewsAt)?> SpendPrivacyAsync(GrantCheck check, SandboxUse use, double epsilon, string queryHash,
        CancellationToken cancellationToken = default);

    /// <summary>Records a use that ran, whatever its outcome: the one record of it, on the grant's stream.</summary>
    Task RecordAsync(GrantCheck check, SandboxUse use, UseReport report, CancellationToken cancellationToken = default);
}
