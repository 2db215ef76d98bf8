using System.Net;
using System.Net.Http.Json;

namespace DataPort.Identity.Tests;

/// <summary>Every endpoint group demands its scope from apps; a token without it is refused before any domain rule runs.</summary>
public sealed class ScopePolicyTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    [Fact]
    public async Task Given_an_app_with_catalog_read_only_When_it_reads_and_then_changes_the_catalog_Then_reading_works_and_changing_is_403()
    {
        var api = fixture.Api;
        var organisation = await api.CreateOrganisationAsync();
        var reader = api.ClientWithToken(await api.NewAppTokenAsync(organisation, DataPortScopes.CatalogRead));

        using var search = await reader.GetAsync("/api/datasets");
        using var create = await reader.PostAsJsonAsync("/api/datasets", new { assetId = "a-1" });
        using var register = await reader.PostAsJsonAsync("/api/assets", new { });

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
    }

    [Fact]
    public async Task Given_an_app_without_catalog_read_When_it_lists_grants_or_orders_Then_403()
    {
        var api = fixture.Api;
        var organisation = await api.CreateOrganisationAsync();
        var downloader = api.ClientWithToken(await api.NewAppTokenAsync(organisation, DataPortScopes.DataDownload));

        using var grants = await downloader.GetAsync("/api/grants");
        using var orders = await downloader.GetAsync("/api/orders");

        Assert.Equal(HttpStatusCode.Forbidden, grants.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, orders.StatusCode);
    }
}
