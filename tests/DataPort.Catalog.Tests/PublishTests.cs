using System.Text.Json;
using DataPort.Catalog.Import;
using DataPort.Catalog.Loading;
using DataPort.Catalog.Model;
using DataPort.Catalog.Publishing;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Grains.Runtime;
using DataPort.Privacy.Policy;
using DataPort.Sandbox.Loading;
using DataPort.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataPort.Catalog.Tests;

/// <summary>Publishes imported datasets into a real PostgreSQL database, as <c>dataport catalog publish</c> does.</summary>
public sealed class PublishTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly CatalogContent Shipped = CatalogLoader.Load(RepositoryCatalog.Directory);
    private readonly string releases = Path.Combine(Path.GetTempPath(), "dataport-releases-" + Guid.NewGuid().ToString("N"));
    private IHost host = null!;

    private IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public Task InitializeAsync()
    {
        host = GrainsHost.Build(database.ConnectionString);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        host.Dispose();
        if (Directory.Exists(releases))
        {
            Directory.Delete(releases, recursive: true);
        }
        return Task.CompletedTask;
    }

    private PublishSettings Settings => new(300, releases, new byte[32]);

    private static CatalogContent Only(params string[] ids) => Shipped with { Datasets = [.. ids.Select(id => Shipped.Find(id)!)] };

    [Fact]
    public async Task Given_imported_datasets_When_published_twice_Then_each_is_published_with_version_1_and_the_second_run_changes_nothing()
    {
        // A public facility list, a health dataset with resident IDs and quasi-identifiers, and parking records.
        var catalog = Only("bus-stops", "internet-follow-up-visits", "e-fence-parking");
        await new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog);
        var publisher = new CatalogPublisher(Grains, host.Services.GetRequiredService<SandboxLoader>(), TimeProvider.System);
        var reported = new List<PublishOutcome>();

        var first = await publisher.PublishAsync(catalog, Settings, new Collect(reported));
        var second = await publisher.PublishAsync(catalog, Settings);

        Assert.Empty(first.Failures);
        Assert.Equal("""{"datasets":3,"published":3,"unchanged":0}""", first.ToJson());
        Assert.Equal("""{"datasets":3,"published":0,"unchanged":3}""", second.ToJson());
        Assert.Equal(catalog.Datasets.Select(d => d.Id), reported.Select(o => o.DatasetId));
        foreach (var dataset in catalog.Datasets)
        {
            var state = (await Grains.GetGrain<IDatasetGrain>(dataset.Id).GetAsync())!.State;
            Assert.Equal(DatasetStatus.Published, state.Status);
            var version = Assert.Single(state.Versions);
            Assert.Equal(1, version.Number);
            Assert.InRange(version.RowCount, 1, 300);
            Assert.StartsWith(CatalogPublisher.ActorId, version.PipelineRunId, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(releases, dataset.Id, "v1.parquet")));
            Assert.True(File.Exists(Path.Combine(releases, dataset.Id, "v1.report.json")));
        }
        // Only the release and its report stay behind: the unmasked CSV is deleted once masked.
        Assert.Empty(Directory.GetFiles(releases, "*.csv", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Given_facilities_whose_coordinates_describe_places_When_published_Then_every_row_keeps_its_exact_coordinates()
    {
        var catalog = Only("city-sensors");
        await new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog);

        await new CatalogPublisher(Grains, host.Services.GetRequiredService<SandboxLoader>(), TimeProvider.System).PublishAsync(catalog, Settings);

        var version = Assert.Single((await Grains.GetGrain<IDatasetGrain>("city-sensors").GetAsync())!.State.Versions);
        Assert.Equal(Settings.Rows, version.RowCount);
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(releases, "city-sensors", "v1.report.json"))).RootElement;
        Assert.Equal(0, report.GetProperty("risk").GetProperty("rows_suppressed").GetInt32());
        var longitude = report.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "经度");
        Assert.Equal(("keep", false), (longitude.GetProperty("operator").GetString(), longitude.GetProperty("personal").GetBoolean()));
    }

    [Fact]
    public async Task Given_a_policy_that_fails_on_risk_When_one_dataset_fails_Then_it_is_reported_and_the_others_are_published()
    {
        // Storefronts' business addresses single rows out (k=1 before suppression); bus lines have no quasi-identifier.
        var catalog = Only("storefront-responsibility", "bus-lines");
        await new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog);
        var policy = PolicyLoader.LoadDefault();
        var strict = Settings with { Policy = policy with { Risk = policy.Risk with { OnRisk = OnRisk.Fail } } };

        var summary = await new CatalogPublisher(Grains, host.Services.GetRequiredService<SandboxLoader>(), TimeProvider.System).PublishAsync(catalog, strict);

        Assert.Equal("""{"datasets":2,"published":1,"unchanged":0}""", summary.ToJson());
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(("storefront-responsibility", PublishResult.Failed), (failure.DatasetId, failure.Result));
        Assert.Contains("re-identification risk", failure.Detail, StringComparison.Ordinal);
        var failed = (await Grains.GetGrain<IDatasetGrain>("storefront-responsibility").GetAsync())!.State;
        Assert.Equal((DatasetStatus.Draft, 0), (failed.Status, failed.Versions.Count));
        Assert.Equal(DatasetStatus.Published, (await Grains.GetGrain<IDatasetGrain>("bus-lines").GetAsync())!.State.Status);
    }

    [Fact]
    public async Task Given_a_dataset_not_imported_When_published_Then_it_is_refused_naming_the_import()
    {
        var publisher = new CatalogPublisher(Grains, host.Services.GetRequiredService<SandboxLoader>(), TimeProvider.System);

        var refused = await Assert.ThrowsAsync<PublishException>(() => publisher.PublishAsync(Only("hospitals"), Settings));

        Assert.Contains("hospitals", refused.Message, StringComparison.Ordinal);
        Assert.Contains("dataport catalog import", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(releases));
    }

    private sealed class Collect(List<PublishOutcome> into) : IProgress<PublishOutcome>
    {
        public void Report(PublishOutcome value) => into.Add(value);
    }
}
