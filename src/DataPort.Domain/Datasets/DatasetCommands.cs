using DataPort.Domain.Assets;
using DataPort.Domain.Common;

namespace DataPort.Domain.Datasets;

public abstract record DatasetCommand(string DatasetId, Caller By, DateTimeOffset At);

/// <summary><paramref name="Asset"/> is the source registration's current state (null when it does not exist).</summary>
public sealed record CreateDataset(
    string DatasetId, AssetRegistration? Asset, DatasetMetadata Metadata, IReadOnlyList<DatasetColumn> Columns, bool PublicData,
    Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

/// <summary>A masked release; with an upload in <paramref name="Lineage"/> it must be that upload's current draft.</summary>
public sealed record AddDatasetVersion(
    string DatasetId, string ContentHash, long RowCount, string PipelineRunId, Caller By, DateTimeOffset At, VersionLineage? Lineage = null)
    : DatasetCommand(DatasetId, By, At);

public sealed record AddLicenceOption(string DatasetId, LicenceOption Option, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record PublishDataset(string DatasetId, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record UnpublishDataset(string DatasetId, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record SuspendDataset(string DatasetId, string Reason, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record ResumeDataset(string DatasetId, string Reason, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record ReceiveUpload(
    string DatasetId, string UploadId, string FileName, long Bytes, string SourceSha256, string Encoding, string RunId, Caller By, DateTimeOffset At)
    : DatasetCommand(DatasetId, By, At);

/// <summary>The pipeline's draft for one revision of an upload's choices; only the system records it.</summary>
public sealed record RecordDraft(string DatasetId, string UploadId, DraftRelease Draft, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record RecordDraftFailure(string DatasetId, string UploadId, int Revision, UploadFailure Failure, Caller By, DateTimeOffset At)
    : DatasetCommand(DatasetId, By, At);

/// <summary>The owner's column choices for an upload (replacing earlier ones); the pipeline drafts again under <paramref name="RunId"/>.</summary>
public sealed record ChooseDraftColumns(string DatasetId, string UploadId, IReadOnlyList<ColumnChoice> Choices, string RunId, Caller By, DateTimeOffset At)
    : DatasetCommand(DatasetId, By, At);
