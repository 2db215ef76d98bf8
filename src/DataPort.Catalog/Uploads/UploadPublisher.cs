using DataPort.Catalog.Publishing;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Assets;
using DataPort.Grains.Datasets;
using DataPort.Grains.EventSourcing;
using DataPort.Sandbox.Loading;
using Orleans;

namespace DataPort.Catalog.Uploads;

/// <summary>
/// Publishes an upload's reviewed draft: the masked file becomes release <c>vN</c>, is loaded into the sandbox (columns
/// named by the asset's English names), and only then becomes version N with its lineage (source SHA-256 → content
/// hash). A dataset still in draft is published with it when it has a licence to offer. A failed load releases nothing.
/// </summary>
public sealed class UploadPublisher(IGrainFactory grains, SandboxLoader sandbox, ReleaseFiles files, TimeProvider time)
{
    public async Task<Versioned<Dataset>> PublishAsync(string datasetId, string uploadId, Caller caller, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IDatasetGrain>(datasetId);
        var dataset = UploadRules.OwnedBy(await grain.GetAsync(), datasetId, caller);
        var upload = dataset.Upload(uploadId) ?? throw new NotFoundException($"Upload '{uploadId}' does not exist.");
        if (upload.Status != UploadStatus.Ready || upload.Draft is not { } draft)
        {
            throw new InvalidTransitionException(upload.Status == UploadStatus.Published
                ? $"Upload '{uploadId}' is already published as version {upload.PublishedVersion}."
                : $"Upload '{uploadId}' is {upload.Status.ToString().ToLowerInvariant()}; only a ready draft can be published.");
        }
        if (!draft.Publishable)
        {
            throw new InvalidTransitionException(
                $"Upload '{uploadId}''s draft reaches no release: no combination of levels reaches k={draft.K} within the suppression bound. Choose coarser levels or change its columns first.");
        }
        var version = dataset.Versions.Count + 1;
        var (draftParquet, draftReport) = files.Draft(datasetId, uploadId, draft.Revision);
        var (release, releaseReport) = files.Release(datasetId, version);
        Directory.CreateDirectory(Path.GetDirectoryName(release)!);
        File.Copy(draftParquet, release, overwrite: true);
        File.Copy(draftReport, releaseReport, overwrite: true);

        using (var rows = new ParquetRowSource(release))
        {
            await sandbox.LoadAsync(new LoadRequest(datasetId, version, draft.ContentHash, rows, await EnglishNamesAsync(dataset)), cancellationToken);
        }
        var lineage = new VersionLineage(upload.SourceSha256, uploadId, draft.Revision);
        var released = await grain.ExecuteAsync(new AddDatasetVersion(
            datasetId, draft.ContentHash, draft.RowsReleased, upload.RunId, caller, time.GetUtcNow(), lineage));
        if (released.State is { Status: DatasetStatus.Draft, LicenceOptions.Count: > 0 })
        {
            released = await grain.ExecuteAsync(new PublishDataset(datasetId, caller, time.GetUtcNow()), released.Version);
        }
        File.Delete(draftParquet);
        File.Delete(draftReport);
        return released;
    }

    /// <summary>
    /// The registered asset's short English column descriptions (the catalog import stores each column's English name
    /// there), so sandbox columns read as the catalog does; a sentence is no column name and is left out.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> EnglishNamesAsync(Dataset dataset)
    {
        var asset = await grains.GetGrain<IAssetRegistrationGrain>(dataset.AssetId).GetAsync();
        return asset?.State.Details.Schema
            .Where(c => c.Description is { Length: > 0 and <= 40 } name && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or ' ' or '-'))
            .ToDictionary(c => c.Name, c => c.Description!, StringComparer.Ordinal) ?? new Dictionary<string, string>();
    }
}
