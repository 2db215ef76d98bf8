using System.Text.Json;
using DataPort.Catalog.Import;
using DataPort.Catalog.Loading;
using DataPort.Catalog.Model;
using DataPort.Catalog.Publishing;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Privacy.Policy;
using DataPort.Sandbox.Loading;
using DataPort.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace DataPort.Catalog.Tests;

/// <summary>Publishes imported datasets into a real PostgreSQL database, as <c>dataport catalog publish</c> does.</summary>
public sealed class PublishTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly CatalogContent Shipped = CatalogLoader.Load(RepositoryCatalog.Directory);
    private readonly string releases = Path.Combine(Path.GetTempPath(), "dataport-releases-" + Guid.NewGuid().ToString("N"));
    private IHost host = null!;

    private IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    private CatalogPublisher Publisher() => new(
        Grains, host.Services.GetRequiredService<SandboxLoader>(), host.Services.GetRequiredService<SandboxVersions>(), TimeProvider.System);

    public async Task InitializeAsync() => host = await GrainsHost.StartAsync(database.ConnectionString);

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        if (Directory.Exists(releases))
        {
            Directory.Delete(releases, recursive: true);
        }
    }

    private PublishSettings Settings => new(300, releases, new byte[32]);

    private static CatalogContent Only(params string[] ids) => Shipped with { Datasets = [.. ids.Select(id => Shipped.Find(id)!)] };

    [Fact]
    public async Task Given_imported_datasets_When_published_twice_Then_each_is_published_with_version_1_and_the_second_run_changes_nothing()
    {
        // A public facility list, a health dataset with resident IDs and quasi-identifiers, and parking records.
        var catalog = Only("bus-stops", "internet-follow-up-visits", "e-fence-parking");
        await new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog);
        var publisher = Publisher();
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

        await Publisher().PublishAsync(catalog, Settings);

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
        // No level of the storefronts' business addresses makes classes of a million; bus lines have no quasi-identifier.
        var catalog = Only("storefront-responsibility", "bus-lines");
        await new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog);
        var policy = PolicyLoader.LoadDefault();
        var strict = Settings with { Policy = policy with { Risk = policy.Risk with { K = 1_000_000, OnRisk = OnRisk.Fail } } };

        var summary = await Publisher().PublishAsync(catalog, strict);

        Assert.Equal("""{"datasets":2,"published":1,"unchanged":0}""", summary.ToJson());
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(("storefront-responsibility", PublishResult.Failed), (failure.DatasetId, failure.Result));
        Assert.Contains("No release reaches k=1000000", failure.Detail, StringComparison.Ordinal);
        var failed = (await Grains.GetGrain<IDatasetGrain>("storefront-responsibility").GetAsync())!.State;
        Assert.Equal((DatasetStatus.Draft, 0), (failed.Status, failed.Versions.Count));
        Assert.Equal(DatasetStatus.Published, (await Grains.GetGrain<IDatasetGrain>("bus-lines").GetAsync())!.State.Status);
    }

    [Fact]
    public async Task Given_a_published_dataset_Then_its_version_is_in_the_sandbox_under_the_catalogs_english_names()
    {
        var catalog = Only("10g-pon-ports");
        await new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog);

        await Publisher().PublishAsync(catalog, Settings);

        var version = (await host.Services.GetRequiredService<SandboxVersions>().FindAsync("10g-pon-ports", 1))!;
        Assert.Equal("d_10g_pon_ports", version.Table);
        Assert.Equal(("district", "所在区"), (version.FindColumn("所在区")!.Name, version.FindColumn("所在区")!.Label));
        var released = Assert.Single((await Grains.GetGrain<IDatasetGrain>("10g-pon-ports").GetAsync())!.State.Versions);
        Assert.Equal((released.ContentHash, released.RowCount), (version.ContentHash, version.RowCount));
    }

    [Fact]
    public async Task Given_a_version_released_before_publishing_loaded_the_sandbox_When_published_again_Then_it_is_loaded_from_its_release()
    {
        var catalog = Only("air-quality-hourly");
        await new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog);
        await Publisher().PublishAsync(catalog, Settings);
        await ForgetSandboxLoadAsync("air-quality-hourly");

        var again = await Publisher().PublishAsync(catalog, Settings);

        Assert.Equal("""{"datasets":1,"published":1,"unchanged":0}""", again.ToJson());
        Assert.NotNull(await host.Services.GetRequiredService<SandboxVersions>().FindAsync("air-quality-hourly", 1));
    }

    [Fact]
    public async Task Given_a_lost_load_and_a_release_file_of_other_content_When_published_again_Then_it_fails_naming_the_mismatch()
    {
        var catalog = Only("5g-base-stations");
        await new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog);
        await Publisher().PublishAsync(catalog, Settings);
        await ForgetSandboxLoadAsync("5g-base-stations");
        var report = Path.Combine(releases, "5g-base-stations", "v1.report.json");
        File.WriteAllText(report, File.ReadAllText(report).Replace("\"content_hash\": \"", "\"content_hash\": \"x", StringComparison.Ordinal));

        var again = await Publisher().PublishAsync(catalog, Settings);

        Assert.Contains("is not version 1", Assert.Single(again.Failures).Detail, StringComparison.Ordinal);
        Assert.Null(await host.Services.GetRequiredService<SandboxVersions>().FindAsync("5g-base-stations", 1));
    }

    /// <summary>
    /// As a database published before publishing loaded the sandbox: the version exists, the sandbox has nothing. The
    /// class shares one database, so each test that does this uses a dataset of its own.
    /// </summary>
    private async Task ForgetSandboxLoadAsync(string datasetId)
    {
        await using var command = database.DataSource.CreateCommand(
            "DELETE FROM sandbox.versions WHERE dataset_id = $1 RETURNING schema_name");
        command.Parameters.Add(new() { Value = datasetId });
        var schema = (string)(await command.ExecuteScalarAsync())!;
        await using var drop = database.DataSource.CreateCommand($"DROP SCHEMA \"{schema}\" CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Given_a_dataset_not_imported_When_published_Then_it_is_refused_naming_the_import()
    {
        var publisher = Publisher();

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
