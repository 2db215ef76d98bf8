using DataPort.Domain.Datasets;

namespace DataPort.Domain.Grants;

public interface IGrantEvent
{
    string GrantId { get; }
}

/// <summary>The licence is copied in: later changes to the dataset's offer never change a grant already requested.</summary>
public sealed record AccessRequested(
    string GrantId, string DatasetId, string OwnerOrganisationId, string DeveloperOrganisationId, string Purpose,
    IReadOnlyList<string> Fields, int TermDays, LicenceOption Licence, int? DatasetVersion, string RequestedBy, DateTimeOffset RequestedAt)
    : IGrantEvent;

public sealed record GrantIssued(
    string GrantId, IReadOnlyList<string> Fields, DateTimeOffset ValidFrom, DateTimeOffset ExpiresAt, GrantQuota Quota,
    string IssuedBy, DateTimeOffset IssuedAt) : IGrantEvent;

public sealed record AccessDenied(string GrantId, string Reason, string DeniedBy, DateTimeOffset DeniedAt) : IGrantEvent;

public sealed record GrantSuspended(string GrantId, string Reason, string SuspendedBy, DateTimeOffset SuspendedAt) : IGrantEvent;

/// <remarks><c>Reason</c> is null on events recorded before resuming required one.</remarks>
public sealed record GrantResumed(string GrantId, string ResumedBy, DateTimeOffset ResumedAt, string? Reason = null) : IGrantEvent;

public sealed record GrantRevoked(string GrantId, string Reason, string RevokedBy, DateTimeOffset RevokedAt) : IGrantEvent;

public sealed record GrantExpired(string GrantId, string ExpiredBy, DateTimeOffset ExpiredAt) : IGrantEvent;

/// <summary>
/// One use of the grant — a sandbox query, an aggregation or a download — as it ended (<see cref="Outcome"/>), or
/// an attempt refused before it ran (<c>denied:…</c>, which consumes nothing). The one record of a use: the sandbox's
/// query log, the hourly usage roll-up and statements are all projections of it. Only the SHA-256 of a query's text
/// is kept, enough to prove later which query ran without publishing the developer's work.
/// </summary>
public sealed record GrantUsageRecorded(
    string GrantId, UseKind Kind, long Rows, string RecordedBy, DateTimeOffset RecordedAt,
    string Outcome = UseOutcomes.Succeeded, int? DatasetVersion = null, string? QueryHash = null, long DurationMs = 0, bool Truncated = false)
    : IGrantEvent
{
    /// <summary>Whether the use ran and so counts against the quota (refused attempts do not).</summary>
    public bool Consumed => !UseOutcomes.IsDenied(Outcome);
}

/// <summary>
/// A noisy aggregation spent <see cref="Epsilon"/> of the grant's privacy budget, before it ran: the budget is
/// charged whether or not the answer arrives, so a caller cannot retry its way past it.
/// </summary>
public sealed record GrantPrivacySpent(string GrantId, double Epsilon, string SpentBy, DateTimeOffset SpentAt, string? QueryHash = null)
    : IGrantEvent;
