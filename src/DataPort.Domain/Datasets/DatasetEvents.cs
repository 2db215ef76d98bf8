namespace DataPort.Domain.Datasets;

public interface IDatasetEvent
{
    string DatasetId { get; }
}

public sealed record DatasetCreated(
    string DatasetId, string AssetId, string OwnerOrganisationId, DatasetMetadata Metadata, IReadOnlyList<DatasetColumn> Columns,
    bool PublicData, string CreatedBy, DateTimeOffset CreatedAt) : IDatasetEvent;

public sealed record DatasetVersionAdded(string DatasetId, DatasetVersion Version, string AddedBy, DateTimeOffset AddedAt) : IDatasetEvent;

public sealed record LicenceOptionAdded(string DatasetId, LicenceOption Option, string AddedBy, DateTimeOffset AddedAt) : IDatasetEvent;

public sealed record DatasetPublished(string DatasetId, string PublishedBy, DateTimeOffset PublishedAt) : IDatasetEvent;

public sealed record DatasetUnpublished(string DatasetId, string UnpublishedBy, DateTimeOffset UnpublishedAt) : IDatasetEvent;

public sealed record DatasetSuspended(string DatasetId, string Reason, string SuspendedBy, DateTimeOffset SuspendedAt) : IDatasetEvent;

/// <remarks><c>Reason</c> is null on events recorded before resuming required one.</remarks>
public sealed record DatasetResumed(string DatasetId, string ResumedBy, DateTimeOffset ResumedAt, string? Reason = null) : IDatasetEvent;

public sealed record DatasetUploadReceived(
    string DatasetId, string UploadId, string FileName, long Bytes, string SourceSha256, string Encoding, string RunId,
    string ReceivedBy, DateTimeOffset ReceivedAt) : IDatasetEvent;

public sealed record DatasetDraftPrepared(string DatasetId, string UploadId, DraftRelease Draft, string PreparedBy, DateTimeOffset PreparedAt)
    : IDatasetEvent;

public sealed record DatasetDraftFailed(string DatasetId, string UploadId, int Revision, UploadFailure Failure, string FailedBy, DateTimeOffset FailedAt)
    : IDatasetEvent;

public sealed record DatasetDraftColumnsChosen(
    string DatasetId, string UploadId, IReadOnlyList<ColumnChoice> Choices, string RunId, string ChosenBy, DateTimeOffset ChosenAt) : IDatasetEvent;
