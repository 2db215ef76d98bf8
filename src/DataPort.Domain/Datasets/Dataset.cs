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

    public static Dataset Create(DatasetCreated e) =>
        new(e.DatasetId, e.AssetId, e.OwnerOrganisationId, e.Metadata, e.Columns, e.PublicData, DatasetStatus.Draft, null, [], [],
            e.CreatedAt, e.CreatedAt);

    public Dataset Apply(IDatasetEvent e) => e switch
    {
        DatasetVersionAdded x => this with { Versions = [.. Versions, x.Version], UpdatedAt = x.AddedAt },
        LicenceOptionAdded x => this with { LicenceOptions = [.. LicenceOptions, x.Option], UpdatedAt = x.AddedAt },
        DatasetPublished x => this with { Status = DatasetStatus.Published, UpdatedAt = x.PublishedAt },
        DatasetUnpublished x => this with { Status = DatasetStatus.Unpublished, UpdatedAt = x.UnpublishedAt },
        DatasetSuspended x => this with { Suspension = new Suspension(x.Reason, x.SuspendedBy, x.SuspendedAt), UpdatedAt = x.SuspendedAt },
        DatasetResumed x => this with { Suspension = null, UpdatedAt = x.ResumedAt },
        DatasetCreated => throw new InvalidOperationException($"Dataset {DatasetId} was created twice in its stream."),
        _ => throw new InvalidOperationException($"Unknown dataset event {e.GetType().Name}."),
    };
}
