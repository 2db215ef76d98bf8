using System.Diagnostics;
using System.Text;
using DataPort.Catalog.Generation;
using DataPort.Catalog.Loading;
using DataPort.Catalog.Model;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Tabular.Parquet;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;
using DataPort.Sandbox;
using DataPort.Sandbox.Loading;
using Orleans;

namespace DataPort.Catalog.Publishing;

/// <summary>
/// Makes every imported catalog dataset available the way its owner department would: synthetic rows go
/// through the privacy pipeline into masked Parquet, which is loaded into the sandbox (columns named by the
/// catalog's English names) before the department releases it as version 1 (content hash and row count from the
/// pipeline's report) and publishes the dataset. So no version is ever offered that the sandbox cannot serve: a
/// failed load leaves the dataset without the version, and the next run tries again. A dataset that already has
/// a version is left alone, so a second run publishes nothing; one dataset failing does not stop the others.
/// </summary>
public sealed class CatalogPublisher(IGrainFactory grains, SandboxLoader sandbox, SandboxVersions loaded, TimeProvider time)
{
    /// <summary>The acting user recorded on every event a publish run appends.</summary>
    public const string ActorId = "catalog-publish";

    public async Task<PublishSummary> PublishAsync(
        CatalogContent catalog,
        PublishSettings settings,
        IProgress<PublishOutcome>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Rows);
        var registered = await RegisteredAsync(catalog);
        var policy = settings.Policy ?? PolicyLoader.LoadDefault();
        int published = 0, unchanged = 0;
        var failures = new List<PublishOutcome>();
        foreach (var dataset in catalog.Datasets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var (result, detail) = await PublishOneAsync(catalog, dataset, registered[dataset.Id], settings, policy, cancellationToken);
            var outcome = new PublishOutcome(dataset.Id, result, detail, clock.Elapsed);
            switch (result)
            {
                case PublishResult.Published: published++; break;
                case PublishResult.Unchanged: unchanged++; break;
                default: failures.Add(outcome); break;
            }
            progress?.Report(outcome);
        }
        return new PublishSummary(catalog.Datasets.Count, published, unchanged, failures);
    }

    /// <summary>Every dataset must exist in the registry before anything is published; the import creates them.</summary>
    private async Task<Dictionary<string, Dataset>> RegisteredAsync(CatalogContent catalog)
    {
        var registered = new Dictionary<string, Dataset>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var dataset in catalog.Datasets)
        {
            if ((await grains.GetGrain<IDatasetGrain>(dataset.Id).GetAsync())?.State is { } state)
            {
                registered[dataset.Id] = state;
            }
            else
            {
                missing.Add(dataset.Id);
            }
        }
        if (missing.Count > 0)
        {
            throw new PublishException(
                $"{missing.Count} dataset(s) are not imported yet ({string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}); "
                + "run 'dataport catalog import' on this catalog first");
        }
        return registered;
    }

    private async Task<(PublishResult, string)> PublishOneAsync(
        CatalogContent catalog, DatasetDefinition dataset, Dataset state, PublishSettings settings, MaskingPolicy policy, CancellationToken cancellationToken)
    {
        var owner = catalog.Owner(dataset);
        if (owner is null)
        {
            return (PublishResult.Failed, $"owner '{dataset.Owner}' is not in {CatalogLoader.OrganisationsFile}");
        }
        var department = new Caller(ActorId, owner.Id, [Roles.Merchant]);
        var grain = grains.GetGrain<IDatasetGrain>(dataset.Id);
        try
        {
            if (state.LatestVersion is { } released)
            {
                // A version released before publishing loaded the sandbox (or whose load was lost) is loaded now.
                var reloaded = await EnsureLoadedAsync(dataset, released, settings, cancellationToken);
                // A run that stopped between releasing and publishing is finished; anything else (published,
                // unpublished by its owner, suspended by the regulator) was decided and stays as it is.
                if (state.Status == DatasetStatus.Draft && state.Suspension is null)
                {
                    await grain.ExecuteAsync(new PublishDataset(dataset.Id, department, time.GetUtcNow()));
                    return (PublishResult.Published, $"published version {released.Number} released earlier");
                }
                return reloaded
                    ? (PublishResult.Published, $"version {released.Number} released earlier, now loaded into the sandbox")
                    : (PublishResult.Unchanged, $"{state.Status.ToString().ToLowerInvariant()}, {state.Versions.Count} version(s)");
            }
            if (state.Suspension is not null)
            {
                return (PublishResult.Unchanged, "suspended by the regulator; nothing may be released until it is resumed");
            }
            var version = state.Versions.Count + 1;
            var report = await MaskAsync(dataset, version, settings, policy, cancellationToken);
            if (report.Output.Rows == 0)
            {
                return (PublishResult.Failed, $"k-anonymity (k={report.Risk.K}) suppressed all {report.Input.Rows} rows; generate more rows (--rows)");
            }
            var loaded = await LoadAsync(dataset, version, report, cancellationToken);
            var runId = $"{ActorId}-{Guid.CreateVersion7(time.GetUtcNow()):N}";
            var lineage = new VersionLineage(report.Input.Sha256, UploadId: null, Revision: null);
            await grain.ExecuteAsync(new AddDatasetVersion(
                dataset.Id, report.Output.ContentHash, report.Output.Rows, runId, department, time.GetUtcNow(), lineage));
            await grain.ExecuteAsync(new PublishDataset(dataset.Id, department, time.GetUtcNow()));
            var suppressed = report.Risk.RowsSuppressed > 0 ? $", {report.Risk.RowsSuppressed} suppressed for k={report.Risk.K}" : "";
            return (PublishResult.Published,
                $"version {version}: {report.Output.Rows} rows{suppressed} → {report.Output.Path}, sandbox table {loaded.Schema}.{loaded.Table}");
        }
        catch (Exception e) when (e is DomainException or ReleaseRefusedException or CsvFormatException or PolicyException
            or CatalogValidationException or IOException or UnauthorizedAccessException or SandboxValidationException or SandboxConflictException or ParquetException)
        {
            return (PublishResult.Failed, e.Message);
        }
    }

    private Task<LoadResult> LoadAsync(DatasetDefinition dataset, int version, PipelineReport report, CancellationToken cancellationToken) =>
        LoadAsync(dataset, version, report.Output.Path, report.Output.ContentHash, cancellationToken);

    private async Task<LoadResult> LoadAsync(DatasetDefinition dataset, int version, string path, string contentHash, CancellationToken cancellationToken)
    {
        using var rows = new ParquetRowSource(path);
        var english = dataset.Columns.Where(c => !string.IsNullOrWhiteSpace(c.En)).ToDictionary(c => c.Name, c => c.En!, StringComparer.Ordinal);
        return await sandbox.LoadAsync(new LoadRequest(dataset.Id, version, contentHash, rows, english), cancellationToken);
    }

    /// <summary>
    /// Loads a released version that is not in the sandbox from its release file, after checking the file's report
    /// names the content hash the version records; true when it had to be loaded.
    /// </summary>
    private async Task<bool> EnsureLoadedAsync(DatasetDefinition dataset, DatasetVersion released, PublishSettings settings, CancellationToken cancellationToken)
    {
        if (await loaded.FindAsync(dataset.Id, released.Number, cancellationToken) is not null)
        {
            return false;
        }
        var (path, reportPath) = Files(settings).Release(dataset.Id, released.Number);
        var report = File.Exists(reportPath) ? ReportJson.Deserialize(await File.ReadAllTextAsync(reportPath, cancellationToken)) : null;
        if (report is null || !File.Exists(path))
        {
            throw new IOException($"version {released.Number} is not in the sandbox and its release ({path}) is gone; release a new version");
        }
        if (report.Output.ContentHash != released.ContentHash)
        {
            throw new IOException($"{path} is not version {released.Number} (content hash {report.Output.ContentHash}, the version records {released.ContentHash})");
        }
        await LoadAsync(dataset, released.Number, path, released.ContentHash, cancellationToken);
        return true;
    }

    private static ReleaseFiles Files(PublishSettings settings) =>
        new(Path.GetDirectoryName(Path.GetFullPath(settings.OutputDirectory))!, settings.OutputDirectory);

    private async Task<PipelineReport> MaskAsync(DatasetDefinition dataset, int version, PublishSettings settings, MaskingPolicy policy, CancellationToken cancellationToken)
    {
        var (output, reportPath) = Files(settings).Release(dataset.Id, version);
        var folder = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(folder);
        // The unmasked rows are only an input: they live beside the release while it is made, never after.
        var source = Path.Combine(folder, $".v{version}.{Guid.NewGuid():N}.csv");
        try
        {
            await using (var writer = new StreamWriter(source, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16))
            {
                new SyntheticGenerator(dataset).WriteCsv(writer, settings.Rows, cancellationToken: cancellationToken);
            }
            var request = new PipelineRequest(source, output, DatasetPolicy.For(policy, dataset), PublishSettings.DatasetSecret(settings.PseudonymMasterKey, dataset.Id))
            {
                ReportPath = reportPath,
                Today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime),
            };
            return await PrivacyPipeline.RunAsync(request, progress: null, cancellationToken);
        }
        finally
        {
            File.Delete(source);
        }
    }
}

/// <summary>The catalog cannot be published as the registry stands (a dataset not imported yet).</summary>
public sealed class PublishException(string message) : Exception(message);
