using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Identity.Tests;

/// <summary>RFC 7009 revocation and RFC 7662 introspection, across two server processes on one database.</summary>
public sealed class RevocationTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    private IdentityApi Api => fixture.Api;

    [Fact]
    public async Task Given_a_revoked_token_When_it_calls_either_server_Then_both_refuse_it_at_once()
    {
        await using var other = fixture.SecondServer();
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);
        var token = await Api.GetTokenAsync(clientId, secret);
        Assert.Equal(HttpStatusCode.OK, await StatusOfMe(other, token));

        using var revoked = await Post(Api, "/connect/revocation", clientId, secret, token);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMe(Api, token));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMe(other, token));
    }

    [Fact]
    public async Task Given_a_token_When_its_app_is_disabled_Then_both_servers_refuse_it_at_once_and_accept_it_again_when_re_enabled()
    {
        await using var other = fixture.SecondServer();
        var organisation = await Api.CreateOrganisationAsync();
        var (clientId, secret) = await Api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead]);
        var token = await Api.GetTokenAsync(clientId, secret);
        var clients = Api.Services.GetRequiredService<Clients.ClientStore>();

        await clients.SetEnabledAsync(organisation, clientId, false, default);
        var whileDisabled = (await StatusOfMe(Api, token), await StatusOfMe(other, token));
        await clients.SetEnabledAsync(organisation, clientId, true, default);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), whileDisabled);
        Assert.Equal(HttpStatusCode.OK, await StatusOfMe(other, token));
    }

    [Fact]
    public async Task Given_another_clients_token_When_a_client_revokes_it_Then_200_but_the_token_stays_valid()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var owner = await Api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead]);
        var stranger = await Api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead]);
        var token = await Api.GetTokenAsync(owner.ClientId, owner.Secret);

        using var response = await Post(Api, "/connect/revocation", stranger.ClientId, stranger.Secret, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await StatusOfMe(Api, token));
    }

    [Fact]
    public async Task Given_a_token_When_it_is_introspected_before_and_after_revocation_Then_active_then_inactive()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var (clientId, secret) = await Api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead]);
        var token = await Api.GetTokenAsync(clientId, secret);

        using var before = await Post(Api, "/connect/introspect", clientId, secret, token);
        var active = await before.Content.ReadFromJsonAsync<JsonElement>();
        (await Post(Api, "/connect/revocation", clientId, secret, token)).Dispose();
        using var after = await Post(Api, "/connect/introspect", clientId, secret, token);
        var inactive = await after.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.Equal(clientId, active.GetProperty("client_id").GetString());
        Assert.Equal(organisation, active.GetProperty("org").GetString());
        Assert.Equal(DataPortScopes.CatalogRead, active.GetProperty("scope").GetString());
        Assert.False(inactive.GetProperty("active").GetBoolean());
        Assert.Single(inactive.EnumerateObject());
    }

    [Fact]
    public async Task Given_a_token_of_another_organisation_When_it_is_introspected_Then_inactive()
    {
        var mine = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);
        var theirs = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);
        var token = await Api.GetTokenAsync(theirs.ClientId, theirs.Secret);

        using var response = await Post(Api, "/connect/introspect", mine.ClientId, mine.Secret, token);

        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Given_no_client_authentication_When_introspecting_Then_invalid_client()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "x" });

        using var response = await Api.CreateClient().PostAsync("/connect/introspect", form);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    private static async Task<HttpStatusCode> StatusOfMe(IdentityApi api, string token)
    {
        using var response = await api.ClientWithToken(token).GetAsync("/api/me");
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> Post(IdentityApi api, string path, string clientId, string secret, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "access_token" }),
        };
        request.Headers.Authorization = IdentityApi.Basic(clientId, secret);
        return await api.CreateClient().SendAsync(request);
    }
}
