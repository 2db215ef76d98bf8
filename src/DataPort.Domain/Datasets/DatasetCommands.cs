using DataPort.Domain.Assets;
using DataPort.Domain.Common;

namespace DataPort.Domain.Datasets;

public abstract record DatasetCommand(string DatasetId, Caller By, DateTimeOffset At);

/// <summary><paramref name="Asset"/> is the source registration's current state (null when it does not exist).</summary>
public sealed record CreateDataset(
    string DatasetId, AssetRegistration? Asset, DatasetMetadata Metadata, IReadOnlyList<DatasetColumn> Columns, bool PublicData,
    Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record AddDatasetVersion(string DatasetId, string ContentHash, long RowCount, string PipelineRunId, Caller By, DateTimeOffset At)
    : DatasetCommand(DatasetId, By, At);

public sealed record AddLicenceOption(string DatasetId, LicenceOption Option, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record PublishDataset(string DatasetId, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record UnpublishDataset(string DatasetId, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record SuspendDataset(string DatasetId, string Reason, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);

public sealed record ResumeDataset(string DatasetId, Caller By, DateTimeOffset At) : DatasetCommand(DatasetId, By, At);
