using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.Grains.Datasets;
using DataPort.ReadModels.Datasets;
using DataPort.ReadModels.Grants;
using DataPort.Testing;
using Microsoft.Extensions.DependencyInjection;
using static DataPort.Grains.Tests.World;

namespace DataPort.Grains.Tests;

/// <summary>The dataset and grant views as Marten keeps them inline: written by the grains' appends, read by the lists.</summary>
public sealed class ReadModelTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_a_published_dataset_When_the_regulator_suspends_and_resumes_it_Then_the_catalog_lists_it_for_others_only_while_open()
    {
        await using var silo = await GrainSilo.StartAsync(database.ConnectionString);
        var catalog = silo.Services.GetRequiredService<DatasetCatalog>();
        var id = "ds-" + Guid.NewGuid().ToString("N");
        await PublishedDatasetAsync(silo.Grains, id);
        var dataset = silo.Grains.GetGrain<IDatasetGrain>(id);

        var open = await FindAsync(catalog, id, viewer: "org-dev");
        await dataset.ExecuteAsync(new SuspendDataset(id, "complaint under review", Regulator, Now));
        var suspendedForOthers = await FindAsync(catalog, id, viewer: "org-dev");
        var suspendedForOwner = await FindAsync(catalog, id, viewer: OwnerOrg);
        await dataset.ExecuteAsync(new ResumeDataset(id, "complaint resolved", Regulator, Now));
        var resumed = await FindAsync(catalog, id, viewer: "org-dev");

        Assert.NotNull(open);
        Assert.Equal((DatasetStatus.Published, false, true, 1, 1), (open.Status, open.Suspended, open.Available, open.VersionCount, open.LicenceOptions.Count));
        Assert.Equal($"dataset-{id}", open.StreamKey);
        Assert.Equal(10, open.LatestVersion?.RowCount);
        Assert.Null(suspendedForOthers);
        Assert.NotNull(suspendedForOwner);
        Assert.Equal((DatasetStatus.Published, true, false), (suspendedForOwner.Status, suspendedForOwner.Suspended, suspendedForOwner.Available));
        Assert.True(resumed is { Available: true, Suspended: false });
    }

    [Fact]
    public async Task Given_titles_with_LIKE_wildcards_When_searching_Then_the_text_matches_literally_in_either_language()
    {
        await using var silo = await GrainSilo.StartAsync(database.ConnectionString);
        var catalog = silo.Services.GetRequiredService<DatasetCatalog>();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var percent = await DraftAsync(silo, new LocalizedText($"覆盖率100%{marker}", $"Coverage 100%{marker}"));
        var underscore = await DraftAsync(silo, new LocalizedText($"站点_{marker}", $"Stops_{marker}"));
        var plain = await DraftAsync(silo, new LocalizedText($"站点A{marker}", $"StopsA{marker}"));

        var byPercent = await catalog.SearchAsync(new DatasetSearch($"100%{marker}", null, OwnerOrg));
        var byUnderscore = await catalog.SearchAsync(new DatasetSearch($"_{marker}", null, OwnerOrg));
        var byEnglish = await catalog.SearchAsync(new DatasetSearch($"stopsa{marker}", null, OwnerOrg));

        Assert.Equal([percent], byPercent.Items.Select(d => d.DatasetId));
        Assert.Equal([underscore], byUnderscore.Items.Select(d => d.DatasetId));
        Assert.Equal([plain], byEnglish.Items.Select(d => d.DatasetId));
    }

    [Fact]
    public async Task Given_an_active_grant_When_uses_run_and_one_is_refused_Then_its_view_counts_what_ran_and_lists_it_for_both_parties_only()
    {
        await using var silo = await GrainSilo.StartAsync(database.ConnectionString);
        var directory = silo.Services.GetRequiredService<GrantDirectory>();
        var grantId = "g-" + Guid.NewGuid().ToString("N");
        var grant = await ActiveGrantAsync(silo.Grains, grantId, new GrantQuota(10, null, null));
        await grant.ExecuteAsync(OneQuery(grantId));
        await grant.ExecuteAsync(OneQuery(grantId) with { Outcome = UseOutcomes.Denied("quota") });

        var forDeveloper = await directory.ListAsync(new GrantSearch("org-dev", "ds-of-" + grantId, null));
        var forOwner = await directory.ListAsync(new GrantSearch(OwnerOrg, "ds-of-" + grantId, GrantStatus.Active));
        var forStranger = await directory.ListAsync(new GrantSearch("org-stranger", "ds-of-" + grantId, null));
        var due = await directory.DueForExpiryAsync(Now.AddDays(31));

        var view = Assert.Single(forDeveloper.Items);
        Assert.Equal((GrantStatus.Active, 1L, 1L), (view.Status, view.Usage.Queries, view.Usage.Rows));
        Assert.Equal(["stop_id"], view.GrantedFields);
        Assert.Equal("sandbox", view.Licence.Id);
        Assert.Equal(1, forOwner.Total);
        Assert.Equal(0, forStranger.Total);
        Assert.Contains(grantId, due);
        Assert.DoesNotContain(grantId, await directory.DueForExpiryAsync(Now));
    }

    private static async Task<DatasetView?> FindAsync(DatasetCatalog catalog, string datasetId, string viewer)
    {
        var page = await catalog.SearchAsync(new DatasetSearch("公交", null, viewer, PageSize: 200));
        return page.Items.SingleOrDefault(d => d.DatasetId == datasetId);
    }

    private static async Task<string> DraftAsync(GrainSilo silo, LocalizedText title)
    {
        var id = "ds-" + Guid.NewGuid().ToString("N");
        var asset = await RegisteredAssetAsync(silo.Grains, "asset-of-" + id);
        await silo.Grains.GetGrain<IDatasetGrain>(id).ExecuteAsync(new CreateDataset(id, asset,
            new DatasetMetadata(title, new("说明", "About"), "transport", "交通局", UpdateFrequency.Daily),
            [new("stop_id", "text", 1, false, false)], true, Merchant, Now));
        return id;
    }
}
