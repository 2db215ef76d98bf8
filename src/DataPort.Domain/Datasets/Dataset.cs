using System.Text.Json.Serialization;

namespace DataPort.Domain.Datasets;

public enum DatasetStatus
{
    Draft,
    Published,
    Unpublished,
}

/// <summary>The state of one dataset (catalog entry and product), rebuilt from its events.</summary>
public sealed record Dataset(
    string DatasetId,
    string AssetId,
    string OwnerOrganisationId,
    DatasetMetadata Metadata,
    IReadOnlyList<DatasetColumn> Columns,
    bool PublicData,
    DatasetStatus Status,
    Suspension? Suspension,
    IReadOnlyList<DatasetVersion> Versions,
    IReadOnlyList<LicenceOption> LicenceOptions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Open to new requests and use: published and not suspended.</summary>
    public bool Available => Status == DatasetStatus.Published && Suspension is null;

    public DatasetVersion? LatestVersion => Versions.Count == 0 ? null : Versions[^1];

    /// <summary>Files the owner uploaded, oldest first, each with its draft.</summary>
    /// <remarks>
    /// Not part of the dataset as the catalog shows it (to developers, and in the list views): only the owner follows
    /// uploads, through their own resource.
    /// </remarks>
    [JsonIgnore]
    public IReadOnlyList<DatasetUpload> Uploads { get; init; } = [];

    public DatasetUpload? Upload(string uploadId) => Uploads.FirstOrDefault(u => u.UploadId == uploadId);

    public static Dataset Create(DatasetCreated e) =>
        new(e.DatasetId, e.AssetId, e.OwnerOrganisationId, e.Metadata, e.Columns, e.PublicData, DatasetStatus.Draft, null, [], [],
            e.CreatedAt, e.CreatedAt);

    public Dataset Apply(IDatasetEvent e) => e switch
    {
        DatasetVersionAdded x => this with
        {
            Versions = [.. Versions, x.Version],
            Uploads = x.Version.Lineage?.UploadId is { } uploadId
                ? ChangeUpload(uploadId, u => u with { Status = UploadStatus.Published, PublishedVersion = x.Version.Number, UpdatedAt = x.AddedAt })
                : Uploads,
            UpdatedAt = x.AddedAt,
        },
        DatasetUploadReceived x => this with
        {
            Uploads =
            [
                .. Uploads,
                new DatasetUpload(x.UploadId, x.FileName, x.Bytes, x.SourceSha256, x.Encoding, UploadStatus.Preparing, 0, x.RunId, [],
                    null, null, null, x.ReceivedBy, x.ReceivedAt, x.ReceivedAt),
            ],
            UpdatedAt = x.ReceivedAt,
        },
        DatasetDraftPrepared x => this with
        {
            Uploads = ChangeUpload(x.UploadId, u => u with { Status = UploadStatus.Ready, Draft = x.Draft, Failure = null, UpdatedAt = x.PreparedAt }),
            UpdatedAt = x.PreparedAt,
        },
        DatasetDraftFailed x => this with
        {
            Uploads = ChangeUpload(x.UploadId, u => u with { Status = UploadStatus.Failed, Draft = null, Failure = x.Failure, UpdatedAt = x.FailedAt }),
            UpdatedAt = x.FailedAt,
        },
        DatasetDraftColumnsChosen x => this with
        {
            Uploads = ChangeUpload(x.UploadId, u => u with
            {
                Status = UploadStatus.Preparing, Revision = u.Revision + 1, RunId = x.RunId, Choices = x.Choices, Draft = null, Failure = null,
                UpdatedAt = x.ChosenAt,
            }),
            UpdatedAt = x.ChosenAt,
        },
        LicenceOptionAdded x => this with { LicenceOptions = [.. LicenceOptions, x.Option], UpdatedAt = x.AddedAt },
        DatasetPublished x => this with { Status = DatasetStatus.Published, UpdatedAt = x.PublishedAt },
        DatasetUnpublished x => this with { Status = DatasetStatus.Unpublished, UpdatedAt = x.UnpublishedAt },
        DatasetSuspended x => this with { Suspension = new Suspension(x.Reason, x.SuspendedBy, x.SuspendedAt), UpdatedAt = x.SuspendedAt },
        DatasetResumed x => this with { Suspension = null, UpdatedAt = x.ResumedAt },
        DatasetCreated => throw new InvalidOperationException($"Dataset {DatasetId} was created twice in its stream."),
        _ => throw new InvalidOperationException($"Unknown dataset event {e.GetType().Name}."),
    };

    private IReadOnlyList<DatasetUpload> ChangeUpload(string uploadId, Func<DatasetUpload, DatasetUpload> change) =>
        [.. Uploads.Select(u => u.UploadId == uploadId ? change(u) : u)];
}
