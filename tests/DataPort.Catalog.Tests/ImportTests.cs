using DataPort.Catalog.Import;
using DataPort.Catalog.Loading;
using DataPort.Catalog.Model;
using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Assets;
using DataPort.Grains.Datasets;
using DataPort.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace DataPort.Catalog.Tests;

/// <summary>Imports into a real PostgreSQL database through the real grains, as <c>dataport catalog import</c> does.</summary>
public sealed class ImportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly CatalogContent Shipped = CatalogLoader.Load(RepositoryCatalog.Directory);
    private IHost host = null!;

    private IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync() => host = await GrainsHost.StartAsync(database.ConnectionString);

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    [Fact]
    public async Task Given_an_empty_registry_When_the_catalog_is_imported_twice_Then_the_second_import_changes_nothing()
    {
        var importer = new CatalogImporter(Grains, TimeProvider.System);
        var n = Shipped.Datasets.Count;

        var first = await importer.ImportAsync(Shipped);
        var second = await importer.ImportAsync(Shipped);

        Assert.Equal(new ImportSummary(n, n, 2 * n, 0), first);
        Assert.Equal(new ImportSummary(n, n, 0, 2 * n), second);
        Assert.Equal($$"""{"assets":{{n}},"datasets":{{n}},"created":0,"unchanged":{{2 * n}}}""", second.ToJson());

        var dataset = Shipped.Find("internet-follow-up-visits")!;
        var asset = (await Grains.GetGrain<IAssetRegistrationGrain>(dataset.Id).GetAsync())!.State;
        Assert.Equal(AssetStatus.Registered, asset.Status);
        Assert.NotNull(asset.Certificate);
        Assert.Equal("xm-health", asset.OwnerOrganisationId);
        Assert.Equal("市卫健委", asset.Details.SourceDepartment);

        var registered = (await Grains.GetGrain<IDatasetGrain>(dataset.Id).GetAsync())!.State;
        Assert.Equal(DatasetStatus.Draft, registered.Status);
        Assert.True(registered.PublicData);
        Assert.Equal(dataset.Licences.Select(l => l.Id), registered.LicenceOptions.Select(o => o.Id));
        var id = registered.Columns.Single(c => c.Name == "身份证号");
        Assert.Equal((4, true, true), (id.Grade, id.Personal, id.Sensitive));
        var hospital = registered.Columns.Single(c => c.Name == "就诊医院");
        Assert.Equal((1, false), (hospital.Grade, hospital.Personal));

        var sources = await importer.DescribeAsync(Shipped);
        Assert.All(sources, s => Assert.Equal(("registry", "Registered", "Draft"), (s.Kind, s.AssetStatus, s.DatasetStatus)));
    }

    [Fact]
    public async Task Given_an_import_interrupted_after_submission_When_imported_again_Then_it_finishes_what_was_missing()
    {
        var dataset = Shipped.Find("bus-stops")! with { Id = "bus-stops-interrupted" };
        var catalog = Shipped with { Datasets = [dataset] };
        var owner = new Caller(CatalogImporter.ActorId, "xm-transport", [Roles.Merchant]);
        await Grains.GetGrain<IAssetRegistrationGrain>(dataset.Id).ExecuteAsync(
            new SubmitAsset(dataset.Id, "xm-transport", DomainMapping.Asset(dataset), owner, DateTimeOffset.UtcNow));

        var summary = await new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog);

        Assert.Equal(new ImportSummary(1, 1, 2, 0), summary);
        Assert.Equal(AssetStatus.Registered, (await Grains.GetGrain<IAssetRegistrationGrain>(dataset.Id).GetAsync())!.State.Status);
        Assert.Equal(2, (await Grains.GetGrain<IDatasetGrain>(dataset.Id).GetAsync())!.State.LicenceOptions.Count);
    }

    [Fact]
    public async Task Given_a_catalog_without_an_operator_When_imported_Then_it_says_so()
    {
        var catalog = Shipped with { Organisations = [.. Shipped.Organisations.Where(o => o.Kind != "operator")] };
        var failure = await Assert.ThrowsAsync<ImportException>(() => new CatalogImporter(Grains, TimeProvider.System).ImportAsync(catalog));
        Assert.Contains("operator", failure.Message);
    }

    [Fact]
    public void Given_licence_terms_in_months_Then_days_stay_within_the_domain_limit()
    {
        Assert.Equal(365, DomainMapping.TermDays(12));
        Assert.True(DomainMapping.TermDays(36) <= Domain.Datasets.LicenceOption.MaxTermDays);
        Assert.All(Shipped.Datasets.SelectMany(d => d.Licences), l => Assert.InRange(DomainMapping.Licence(l).TermDays, 1, 3 * 366));
    }
}
