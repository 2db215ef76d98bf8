using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using JasperFx;

namespace DataPort.ReadModels.Grants;

/// <summary>
/// A grant as its parties list it: the request (purpose, fields, term, licence), the decision (status and reason,
/// granted fields, validity, quota) and the use so far. The privacy budget's ledger stays on the grant itself.
/// </summary>
/// <remarks>
/// <c>StreamKey</c>: The grant's event stream (<c>grant-{grantId}</c>), as the ledger names it.<br/>
/// </remarks>
public sealed record GrantView(
    [property: Identity] string StreamKey,
    string GrantId,
    string DatasetId,
    int? DatasetVersion,
    string OwnerOrganisationId,
    string DeveloperOrganisationId,
    string RequestedBy,
    string Purpose,
    IReadOnlyList<string> RequestedFields,
    int RequestedTermDays,
    LicenceOption Licence,
    GrantStatus Status,
    string? StatusReason,
    IReadOnlyList<string> GrantedFields,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ExpiresAt,
    GrantQuota Quota,
    GrantUsage Usage,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt);
