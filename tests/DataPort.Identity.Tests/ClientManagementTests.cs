using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataPort.Identity.Tests;

/// <summary>Managing an organisation's apps: the organisation boundary, scopes, secret rotation, disable and delete.</summary>
public sealed class ClientManagementTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    private IdentityApi Api => fixture.Api;

    [Fact]
    public async Task Given_a_token_of_one_organisation_When_it_manages_another_organisations_clients_Then_403()
    {
        var mine = await Api.CreateOrganisationAsync();
        var theirs = await Api.CreateOrganisationAsync();
        var (victim, _) = await Api.CreateClientAsync(theirs, [DataPortScopes.CatalogRead]);
        var manager = Api.ClientWithToken(await Api.NewAppTokenAsync(mine, DataPortScopes.MerchantManage, DataPortScopes.CatalogRead));

        using var list = await manager.GetAsync($"/api/organisations/{theirs}/clients");
        using var create = await manager.PostAsJsonAsync($"/api/organisations/{theirs}/clients", new { name = "x", scopes = new[] { "catalog.read" } });
        using var disable = await manager.PostAsync($"/api/organisations/{theirs}/clients/{victim}/disable", null);
        using var delete = await manager.DeleteAsync($"/api/organisations/{theirs}/clients/{victim}");
        using var own = await manager.GetAsync($"/api/organisations/{mine}/clients");

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Given_an_app_with_merchant_manage_When_it_creates_a_client_with_a_scope_it_lacks_Then_403()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var manager = Api.ClientWithToken(await Api.NewAppTokenAsync(organisation, DataPortScopes.MerchantManage, DataPortScopes.CatalogRead));

        using var response = await manager.PostAsJsonAsync($"/api/organisations/{organisation}/clients",
            new { name = "stronger", scopes = new[] { DataPortScopes.AuditRead } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Given_a_client_When_a_second_secret_is_added_and_the_first_expired_Then_only_the_second_works()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var manager = Api.ClientWithToken(await Api.NewAppTokenAsync(organisation, DataPortScopes.MerchantManage, DataPortScopes.CatalogRead));

        using var created = await manager.PostAsJsonAsync($"/api/organisations/{organisation}/clients",
            new { name = "Harbour app", scopes = new[] { DataPortScopes.CatalogRead } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var app = await created.Content.ReadFromJsonAsync<JsonElement>();
        var clientId = app.GetProperty("client").GetProperty("clientId").GetString()!;
        var firstSecret = app.GetProperty("clientSecret").GetString()!;
        var firstSecretId = app.GetProperty("secretId").GetString()!;

        using var added = await manager.PostAsJsonAsync($"/api/organisations/{organisation}/clients/{clientId}/secrets", new { description = "rotation" });
        var secondSecret = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Api.RequestTokenAsync(clientId, firstSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.RequestTokenAsync(clientId, secondSecret)).StatusCode);

        using var expired = await manager.PostAsync($"/api/organisations/{organisation}/clients/{clientId}/secrets/{firstSecretId}/expire", null);
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.RequestTokenAsync(clientId, firstSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.RequestTokenAsync(clientId, secondSecret)).StatusCode);
        var listed = await manager.GetStringAsync($"/api/organisations/{organisation}/clients/{clientId}");
        Assert.DoesNotContain(firstSecret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secondSecret, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_client_When_it_is_disabled_enabled_and_deleted_Then_token_requests_follow()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var (clientId, secret) = await Api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead]);
        var manager = Api.ClientWithToken(await Api.NewAppTokenAsync(organisation, DataPortScopes.MerchantManage));

        (await manager.PostAsync($"/api/organisations/{organisation}/clients/{clientId}/disable", null)).Dispose();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.RequestTokenAsync(clientId, secret)).StatusCode);
        (await manager.PostAsync($"/api/organisations/{organisation}/clients/{clientId}/enable", null)).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await Api.RequestTokenAsync(clientId, secret)).StatusCode);
        using var deleted = await manager.DeleteAsync($"/api/organisations/{organisation}/clients/{clientId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.RequestTokenAsync(clientId, secret)).StatusCode);
    }
}
