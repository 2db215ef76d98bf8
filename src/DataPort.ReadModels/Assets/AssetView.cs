using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using JasperFx;

namespace DataPort.ReadModels.Assets;

/// <summary>
/// A registration as its owner's list and the operators' review queue show it: title, status, the certificate
/// number once registered and the open reason (rejection, objection, revocation). Details and the signed
/// certificate are on the registration itself (<c>GET /api/assets/{id}</c>).
/// </summary>
/// <remarks>
/// <c>StreamKey</c>: The registration's event stream (<c>asset-{assetId}</c>), as the ledger names it.<br/>
/// <c>StatusReason</c>: Why it was rejected, objected to or revoked; null otherwise.<br/>
/// </remarks>
public sealed record AssetView(
    [property: Identity] string StreamKey,
    string AssetId,
    string OwnerOrganisationId,
    LocalizedText Title,
    string SourceDepartment,
    AssetStatus Status,
    string? CertificateNumber,
    string? StatusReason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt);
