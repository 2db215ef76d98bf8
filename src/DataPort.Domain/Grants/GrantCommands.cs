using DataPort.Domain.Common;
using DataPort.Domain.Datasets;

namespace DataPort.Domain.Grants;

public abstract record GrantCommand(string GrantId, Caller By, DateTimeOffset At);

/// <summary><paramref name="Dataset"/> is the dataset's current state (null when it does not exist).</summary>
public sealed record RequestAccess(
    string GrantId, Dataset? Dataset, string Purpose, IReadOnlyList<string> Fields, int TermDays, string LicenceOptionId,
    int? DatasetVersion, Caller By, DateTimeOffset At) : GrantCommand(GrantId, By, At);

/// <summary>The owner may narrow the requested fields and term; null keeps what was requested.</summary>
public sealed record ApproveGrant(
    string GrantId, IReadOnlyList<string>? Fields, int? TermDays, GrantQuota Quota, Caller By, DateTimeOffset At)
    : GrantCommand(GrantId, By, At);

public sealed record DenyGrant(string GrantId, string Reason, Caller By, DateTimeOffset At) : GrantCommand(GrantId, By, At);

public sealed record SuspendGrant(string GrantId, string Reason, Caller By, DateTimeOffset At) : GrantCommand(GrantId, By, At);

public sealed record ResumeGrant(string GrantId, string Reason, Caller By, DateTimeOffset At) : GrantCommand(GrantId, By, At);

public sealed record RevokeGrant(string GrantId, string Reason, Caller By, DateTimeOffset At) : GrantCommand(GrantId, By, At);

public sealed record ExpireGrant(string GrantId, Caller By, DateTimeOffset At) : GrantCommand(GrantId, By, At);

/// <summary>
/// Records one use as it ended (<paramref name="Outcome"/>: see <see cref="UseOutcomes"/>). The use was authorised
/// before it ran (<see cref="GrantAuthorization.Authorize"/>); its record is never refused for a quota, so a use
/// that happened is never lost from the history.
/// </summary>
public sealed record RecordUsage(
    string GrantId, GrantUse Use, Caller By, DateTimeOffset At,
    string Outcome = UseOutcomes.Succeeded, string? QueryHash = null, long DurationMs = 0, bool Truncated = false)
    : GrantCommand(GrantId, By, At);

/// <summary>Spends <paramref name="Epsilon"/> of the privacy budget for a noisy aggregation about to run.</summary>
public sealed record SpendPrivacyBudget(string GrantId, double Epsilon, Caller By, DateTimeOffset At, string? QueryHash = null)
    : GrantCommand(GrantId, By, At);
