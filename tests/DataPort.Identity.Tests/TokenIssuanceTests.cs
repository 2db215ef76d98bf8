using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DataPort.Identity.Tests;

/// <summary>Successful client_credentials requests and the RFC 9068 shape of what they return.</summary>
public sealed class TokenIssuanceTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    private IdentityApi Api => fixture.Api;

    [Fact]
    public async Task Given_a_client_When_it_authenticates_with_Basic_Then_it_gets_an_RFC_9068_token_that_is_not_cached()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var (clientId, secret) = await Api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead, DataPortScopes.SandboxQuery]);

        using var response = await Api.RequestTokenAsync(clientId, secret, DataPortScopes.CatalogRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Contains("no-cache", response.Headers.Pragma.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(900, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(DataPortScopes.CatalogRead, body.GetProperty("scope").GetString());

        var jwt = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal("ES256", jwt.Alg);
        Assert.False(string.IsNullOrEmpty(jwt.Kid));
        Assert.Equal("http://localhost/", jwt.Issuer);
        Assert.Equal(["dataport-api"], jwt.Audiences);
        Assert.Equal(clientId, jwt.Subject);
        Assert.Equal(clientId, jwt.GetClaim("client_id").Value);
        Assert.Equal(organisation, jwt.GetClaim("org").Value);
        Assert.Equal(DataPortScopes.CatalogRead, jwt.GetClaim("scope").Value);
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.Equal(TimeSpan.FromMinutes(15), jwt.ValidTo - jwt.IssuedAt);
    }

    [Fact]
    public async Task Given_a_client_When_it_authenticates_in_the_body_and_asks_no_scope_Then_it_gets_all_its_allowed_scopes()
    {
        var (clientId, secret) = await Api.CreateClientAsync(
            await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead, DataPortScopes.DataDownload]);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        });

        using var response = await Api.CreateClient().PostAsync("/connect/token", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("catalog.read data.download", body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Given_a_token_When_the_app_calls_the_API_Then_it_is_known_by_the_contract_claims()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var (clientId, secret) = await Api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead]);
        var token = await Api.GetTokenAsync(clientId, secret);

        var me = await Api.ClientWithToken(token).GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(clientId, me.GetProperty("subject").GetString());
        Assert.Equal(organisation, me.GetProperty("organisationId").GetString());
        Assert.Equal(clientId, me.GetProperty("clientId").GetString());
        Assert.Equal([DataPortScopes.CatalogRead], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Given_a_client_When_it_asks_a_scope_it_is_not_allowed_Then_it_gets_no_token_for_it()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);

        using var refused = await Api.RequestTokenAsync(clientId, secret, DataPortScopes.AuditRead);
        var granted = new JsonWebToken(await Api.GetTokenAsync(clientId, secret));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain(DataPortScopes.AuditRead, granted.GetClaim("scope").Value.Split(' '));
    }

    [Fact]
    public async Task Given_a_secret_with_characters_that_need_encoding_When_sent_with_Basic_Then_form_decoding_applies()
    {
        // §2.3.1: "+" in the Basic value is a form-encoded space, not a plus; an unencoded secret with "+" would fail.
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            $"{clientId}:{secret.Replace("-", "%2D", StringComparison.Ordinal)}")));

        using var response = await Api.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
