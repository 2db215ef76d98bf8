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

public sealed record GrantResumed(string GrantId, string ResumedBy, DateTimeOffset ResumedAt) : IGrantEvent;

public sealed record GrantRevoked(string GrantId, string Reason, string RevokedBy, DateTimeOffset RevokedAt) : IGrantEvent;

public sealed record GrantExpired(string GrantId, string ExpiredBy, DateTimeOffset ExpiredAt) : IGrantEvent;

public sealed record GrantUsageRecorded(string GrantId, UseKind Kind, long Rows, string RecordedBy, DateTimeOffset RecordedAt) : IGrantEvent;
