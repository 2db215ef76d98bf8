using System.Net.Http.Json;
using System.Text.Json;

namespace DataPort.Identity.Tests;

public sealed class DiscoveryTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    [Fact]
    public async Task Given_the_token_service_When_its_discovery_document_is_read_Then_it_names_the_endpoints_and_public_keys_only()
    {
        var client = fixture.Api.CreateClient();

        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var jwks = await client.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString());

        // OpenIddict writes the issuer as a URI, with the slash of an empty path.
        Assert.Equal("http://localhost/", discovery.GetProperty("issuer").GetString());
        Assert.Equal("http://localhost/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/connect/introspect", discovery.GetProperty("introspection_endpoint").GetString());
        Assert.Equal("http://localhost/connect/revocation", discovery.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(["client_credentials"], discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(DataPortScopes.All, discovery.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()));
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.False(key.TryGetProperty("d", out _));
    }
}
