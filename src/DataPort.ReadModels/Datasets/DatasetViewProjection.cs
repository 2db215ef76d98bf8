using DataPort.Domain.Datasets;

namespace DataPort.ReadModels.Datasets;

/// <summary>
/// Inline: a merchant who creates or publishes a dataset finds it in the catalog on the next request. Upload and
/// draft events only move <see cref="DatasetView.UpdatedAt"/>: uploads are the owner's, not the catalog's.
/// </summary>
internal sealed class DatasetViewProjection() : ViewProjection<DatasetView, DatasetCreated, IDatasetEvent>(ReadModelSchema.DatasetViews)
{
    protected override DatasetView First(string streamKey, DatasetCreated x) => new(
        streamKey, x.DatasetId, x.AssetId, x.OwnerOrganisationId, x.Metadata.Title, x.Metadata.Description, x.Metadata.Theme,
        x.Metadata.OwnerDepartment, x.Metadata.UpdateFrequency, x.PublicData, DatasetStatus.Draft, Suspended: false, Available: false,
        VersionCount: 0, LatestVersion: null, LicenceOptions: [],
        HighestGrade: x.Columns.Count == 0 ? 0 : x.Columns.Max(column => column.Grade), x.CreatedAt, x.CreatedAt);

    protected override DatasetView Next(DatasetView view, IDatasetEvent e) => e switch
    {
        DatasetVersionAdded x => view with { VersionCount = view.VersionCount + 1, LatestVersion = x.Version, UpdatedAt = x.AddedAt },
        LicenceOptionAdded x => view with { LicenceOptions = [.. view.LicenceOptions, x.Option], UpdatedAt = x.AddedAt },
        DatasetPublished x => Opened(view with { Status = DatasetStatus.Published, UpdatedAt = x.PublishedAt }),
        DatasetUnpublished x => Opened(view with { Status = DatasetStatus.Unpublished, UpdatedAt = x.UnpublishedAt }),
        DatasetSuspended x => Opened(view with { Suspended = true, UpdatedAt = x.SuspendedAt }),
        DatasetResumed x => Opened(view with { Suspended = false, UpdatedAt = x.ResumedAt }),
        DatasetUploadReceived x => view with { UpdatedAt = x.ReceivedAt },
        DatasetDraftPrepared x => view with { UpdatedAt = x.PreparedAt },
        DatasetDraftFailed x => view with { UpdatedAt = x.FailedAt },
        DatasetDraftColumnsChosen x => view with { UpdatedAt = x.ChosenAt },
        _ => view,
    };

    // Dataset.Available's rule, kept as a field so the catalog can filter on it.
    private static DatasetView Opened(DatasetView view) => view with { Available = view.Status == DatasetStatus.Published && !view.Suspended };
}
