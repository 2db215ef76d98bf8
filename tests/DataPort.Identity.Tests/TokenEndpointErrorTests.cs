using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Identity.Tests;

/// <summary>RFC 6749 §5.2: one test per error the token endpoint answers, each with its JSON body and no-store.</summary>
public sealed class TokenEndpointErrorTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    private IdentityApi Api => fixture.Api;

    [Fact]
    public async Task Given_an_unknown_client_When_it_asks_for_a_token_Then_invalid_client_401_with_a_Basic_challenge()
    {
        using var response = await Api.RequestTokenAsync("dpc_000000000000000000000000", "nope");

        await AssertError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Given_a_wrong_secret_When_the_client_asks_for_a_token_Then_invalid_client()
    {
        var (clientId, _) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);

        using var response = await Api.RequestTokenAsync(clientId, "wrong-secret");

        await AssertError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Given_no_client_authentication_When_a_token_is_requested_Then_invalid_client()
    {
        using var response = await Post(new() { ["grant_type"] = "client_credentials" });

        await AssertError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Given_a_disabled_client_When_it_asks_for_a_token_Then_invalid_client()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var (clientId, secret) = await Api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead]);
        await Api.Services.GetRequiredService<Clients.ClientStore>().SetEnabledAsync(organisation, clientId, false, default);

        using var response = await Api.RequestTokenAsync(clientId, secret);

        await AssertError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Given_both_Basic_and_a_body_secret_When_a_token_is_requested_Then_invalid_request()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);

        using var response = await Post(
            new() { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret },
            IdentityApi.Basic(clientId, secret));

        await AssertError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Given_no_grant_type_When_a_token_is_requested_Then_invalid_request()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);

        using var response = await Post(new() { ["scope"] = DataPortScopes.CatalogRead }, IdentityApi.Basic(clientId, secret));

        await AssertError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Given_a_repeated_parameter_When_a_token_is_requested_Then_invalid_request()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);
        using var content = new StringContent("grant_type=client_credentials&grant_type=client_credentials", Encoding.ASCII,
            "application/x-www-form-urlencoded");

        using var response = await Send(content, IdentityApi.Basic(clientId, secret));

        await AssertError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Given_a_JSON_body_When_a_token_is_requested_Then_invalid_request()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);
        using var content = JsonContent.Create(new { grant_type = "client_credentials" });

        using var response = await Send(content, IdentityApi.Basic(clientId, secret));

        await AssertError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Given_the_password_grant_When_a_token_is_requested_Then_unsupported_grant_type()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);

        using var response = await Post(
            new() { ["grant_type"] = "password", ["username"] = "u", ["password"] = "p" }, IdentityApi.Basic(clientId, secret));

        await AssertError(response, HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    [Fact]
    public async Task Given_a_client_not_allowed_client_credentials_When_it_asks_for_a_token_Then_unauthorized_client()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead], grantTypes: []);

        using var response = await Api.RequestTokenAsync(clientId, secret);

        await AssertError(response, HttpStatusCode.BadRequest, "unauthorized_client");
    }

    [Fact]
    public async Task Given_a_scope_the_client_is_not_allowed_When_it_asks_for_it_Then_invalid_scope()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);

        using var response = await Api.RequestTokenAsync(clientId, secret, $"{DataPortScopes.CatalogRead} {DataPortScopes.AuditRead}");

        await AssertError(response, HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Fact]
    public async Task Given_a_malformed_scope_When_a_token_is_requested_Then_invalid_scope()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);

        using var response = await Api.RequestTokenAsync(clientId, secret, "catalog.read \"quoted\"");

        await AssertError(response, HttpStatusCode.BadRequest, "invalid_scope");
    }

    private async Task<HttpResponseMessage> Post(Dictionary<string, string> form, AuthenticationHeaderValue? authorization = null)
    {
        using var content = new FormUrlEncodedContent(form);
        return await Send(content, authorization);
    }

    private async Task<HttpResponseMessage> Send(HttpContent content, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = content };
        request.Headers.Authorization = authorization;
        return await Api.CreateClient().SendAsync(request);
    }

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
