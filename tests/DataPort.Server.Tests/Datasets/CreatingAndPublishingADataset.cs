using System.Net;
using System.Net.Http.Json;
using DataPort.Server.Tests.Assets;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Datasets;

public sealed class CreatingAndPublishingADataset(ApiWithRegisteredAsset fixture) : IClassFixture<ApiWithRegisteredAsset>
{
    private object Creation(string assetId, string title = "公交刷卡") => new
    {
        assetId,
        title = new { zh = title, en = "Bus taps" },
        description = new { zh = "脱敏", en = "Masked" },
        theme = "transport",
        ownerDepartment = "交通局",
        updateFrequency = "daily",
        columns = new[] { new { name = "stop_id", type = "text", grade = 1, personal = false, sensitive = false } },
    };

    [Fact]
    public async Task Given_a_registered_asset_When_the_owner_creates_versions_licences_and_publishes_Then_others_find_it_in_the_catalog()
    {
        var merchant = fixture.As(People.Merchant);
        var created = await Ok(await merchant.PostAsJsonAsync("/api/datasets", Creation(fixture.AssetId, "厦门公交站点客流")), HttpStatusCode.Created);
        var id = created.GetProperty("datasetId").GetString();
        Assert.Equal("draft", created.GetProperty("status").GetString());
        await Problem(await fixture.As(People.Developer).GetAsync($"/api/datasets/{id}"), HttpStatusCode.NotFound);

        await Ok(await merchant.PostAsJsonAsync($"/api/datasets/{id}/versions", new { contentHash = new string('e', 64), rowCount = 42, pipelineRunId = "run-9" }));
        await Ok(await merchant.PostAsJsonAsync($"/api/datasets/{id}/licence-options", SandboxLicence));
        var published = await Ok(await merchant.PostAsync($"/api/datasets/{id}/publish", null));

        Assert.Equal("published", published.GetProperty("status").GetString());
        var found = await Ok(await fixture.As(People.Developer).GetAsync("/api/datasets?q=公交站点"));
        Assert.Equal(1, found.GetProperty("total").GetInt32());
        Assert.Equal(id, found.GetProperty("items")[0].GetProperty("datasetId").GetString());
        await Ok(await fixture.As(People.Developer).GetAsync($"/api/datasets/{id}"));
    }

    [Fact]
    public async Task Given_a_registered_asset_When_another_organisation_creates_a_dataset_from_it_Then_403()
    {
        await Problem(await fixture.As(People.OtherMerchant).PostAsJsonAsync("/api/datasets", Creation(fixture.AssetId)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_an_unknown_asset_When_a_dataset_is_created_from_it_Then_404()
    {
        await Problem(await fixture.As(People.Merchant).PostAsJsonAsync("/api/datasets", Creation("no-such-asset")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_an_asset_still_submitted_When_a_dataset_is_created_from_it_Then_409()
    {
        var submitted = await fixture.SubmittedAssetAsync();

        await Problem(await fixture.As(People.Merchant).PostAsJsonAsync("/api/datasets", Creation(submitted)), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Given_a_draft_When_published_without_a_version_Then_409()
    {
        var created = await Ok(await fixture.As(People.Merchant).PostAsJsonAsync("/api/datasets", Creation(fixture.AssetId)), HttpStatusCode.Created);

        await Problem(await fixture.As(People.Merchant).PostAsync($"/api/datasets/{created.GetProperty("datasetId").GetString()}/publish", null),
            HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Given_public_data_When_a_licence_is_priced_above_the_cap_Then_422()
    {
        var created = await Ok(await fixture.As(People.Merchant).PostAsJsonAsync("/api/datasets", Creation(fixture.AssetId)), HttpStatusCode.Created);
        var expensive = new
        {
            id = "gold", name = "Gold", purposeLimited = false, termDays = 30, downloadAllowed = true, aggregateOnly = false,
            price = "one-off", amountFen = 99_000_000,
        };

        var problem = await Problem(await fixture.As(People.Merchant).PostAsJsonAsync(
            $"/api/datasets/{created.GetProperty("datasetId").GetString()}/licence-options", expensive), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("fen", problem.GetProperty("detail").GetString());
    }
}
