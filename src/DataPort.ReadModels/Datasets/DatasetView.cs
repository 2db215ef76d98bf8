using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using JasperFx;

namespace DataPort.ReadModels.Datasets;

/// <summary>
/// A dataset as the catalog lists it: what it is, who offers it, whether it is open, its latest release and its
/// licence options. Columns, the full version history and uploads are on the dataset itself (<c>GET /api/datasets/{id}</c>).
/// </summary>
/// <remarks>
/// <c>StreamKey</c>: The dataset's event stream (<c>dataset-{datasetId}</c>), as the ledger names it.<br/>
/// <c>Suspended</c>: Frozen by a regulator; <see cref="Status"/> is the publication status underneath.<br/>
/// <c>Available</c>: Open to new requests and use: published and not suspended.<br/>
/// <c>HighestGrade</c>: The highest grade (1–4) among its columns, by which the catalog is faceted; 0 when it has none.<br/>
/// </remarks>
public sealed record DatasetView(
    [property: Identity] string StreamKey,
    string DatasetId,
    string AssetId,
    string OwnerOrganisationId,
    LocalizedText Title,
    LocalizedText Description,
    string Theme,
    string OwnerDepartment,
    UpdateFrequency UpdateFrequency,
    bool PublicData,
    DatasetStatus Status,
    bool Suspended,
    bool Available,
    int VersionCount,
    DatasetVersion? LatestVersion,
    IReadOnlyList<LicenceOption> LicenceOptions,
    int HighestGrade,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
