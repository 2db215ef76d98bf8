using System.Net;
using System.Net.Http.Json;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Assets;

public sealed class SubmittingAnAsset(ApiWithNothing fixture) : IClassFixture<ApiWithNothing>
{
    [Fact]
    public async Task Given_a_merchant_When_they_submit_an_asset_Then_201_with_location_etag_and_the_submitted_state()
    {
        var response = await fixture.As(People.Merchant).PostAsJsonAsync("/api/assets", AssetSubmission());

        var body = await Ok(response, HttpStatusCode.Created);
        var id = body.GetProperty("assetId").GetString();
        Assert.Equal($"/api/assets/{id}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("submitted", body.GetProperty("status").GetString());
        Assert.Equal(People.OwnerOrg, body.GetProperty("ownerOrganisationId").GetString());

        var read = await fixture.As(People.Merchant).GetAsync($"/api/assets/{id}");
        await Ok(read);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Given_a_merchant_When_the_legal_basis_is_missing_Then_422_naming_it()
    {
        var submission = new
        {
            title = new { zh = "x", en = "x" }, sourceDepartment = "d", dataCategories = new[] { "c" },
            schema = new[] { new { name = "a", type = "text" } },
        };

        var problem = await Problem(await fixture.As(People.Merchant).PostAsJsonAsync("/api/assets", submission), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("legalBasis", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Given_a_developer_When_they_submit_an_asset_Then_403()
    {
        await Problem(await fixture.As(People.Developer).PostAsJsonAsync("/api/assets", AssetSubmission()), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_no_identity_When_an_asset_is_submitted_Then_401()
    {
        var response = await fixture.Api.CreateClient().PostAsJsonAsync("/api/assets", AssetSubmission());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Given_another_organisation_When_it_reads_a_submitted_asset_Then_404()
    {
        var id = await fixture.SubmittedAssetAsync();

        await Problem(await fixture.As(People.OtherMerchant).GetAsync($"/api/assets/{id}"), HttpStatusCode.NotFound);
    }
}
