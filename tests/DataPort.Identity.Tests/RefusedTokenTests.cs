using System.Net;
using System.Security.Cryptography;
using System.Text;
using DataPort.Identity.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataPort.Identity.Tests;

/// <summary>A protected endpoint refuses every token that is not a live, untampered access token for this API.</summary>
public sealed class RefusedTokenTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    private IdentityApi Api => fixture.Api;

    [Fact]
    public async Task Given_a_valid_token_When_it_calls_a_protected_endpoint_Then_it_is_served()
    {
        var token = await Api.NewAppTokenAsync(await Api.CreateOrganisationAsync(), DataPortScopes.CatalogRead);

        Assert.Equal(HttpStatusCode.OK, await StatusOfMe(token));
    }

    [Fact]
    public async Task Given_no_token_When_a_protected_endpoint_is_called_Then_401_with_a_Bearer_challenge()
    {
        using var response = await Api.CreateClient().GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.First().Scheme);
    }

    [Fact]
    public async Task Given_an_expired_token_When_it_calls_a_protected_endpoint_Then_401()
    {
        var clock = new ManualClock();
        await using var api = fixture.SecondServer(clock);
        var token = await api.NewAppTokenAsync(await api.CreateOrganisationAsync(), DataPortScopes.CatalogRead);

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        using var response = await api.ClientWithToken(token).GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Given_a_tampered_token_When_it_calls_a_protected_endpoint_Then_401()
    {
        var token = await Api.NewAppTokenAsync(await Api.CreateOrganisationAsync(), DataPortScopes.CatalogRead);
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("\"catalog.read\"", "\"catalog.read audit.read\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMe(tampered));
    }

    [Fact]
    public async Task Given_a_token_for_another_audience_When_it_calls_a_protected_endpoint_Then_401()
    {
        var key = await Api.Services.GetRequiredService<SigningKeyRing>().GetSigningKeyAsync(default);
        var token = Sign(key.PrivateKey, audience: "another-api");

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMe(token));
    }

    [Fact]
    public async Task Given_a_token_signed_with_a_key_we_do_not_hold_When_it_calls_a_protected_endpoint_Then_401()
    {
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var unknownKid = Sign(new ECDsaSecurityKey(foreign) { KeyId = "not-ours" });
        var ourKid = await Api.Services.GetRequiredService<SigningKeyRing>().GetSigningKeyAsync(default);
        var stolenKid = Sign(new ECDsaSecurityKey(foreign) { KeyId = ourKid.Kid });

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMe(unknownKid));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMe(stolenKid));
    }

    [Fact]
    public async Task Given_a_signed_JWT_that_is_not_an_access_token_When_it_calls_a_protected_endpoint_Then_401()
    {
        // RFC 9068 §4: typ must be at+jwt, so an id_token or other JWT signed by the same key is not accepted.
        var key = await Api.Services.GetRequiredService<SigningKeyRing>().GetSigningKeyAsync(default);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMe(Sign(key.PrivateKey, type: "JWT")));
    }

    [Fact]
    public async Task Given_an_app_token_without_the_scope_When_it_calls_a_scoped_endpoint_Then_403()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var token = await Api.NewAppTokenAsync(organisation, DataPortScopes.CatalogRead);

        using var response = await Api.ClientWithToken(token).GetAsync($"/api/organisations/{organisation}/clients");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<HttpStatusCode> StatusOfMe(string token)
    {
        using var response = await Api.ClientWithToken(token).GetAsync("/api/me");
        return response.StatusCode;
    }

    private string Sign(SecurityKey key, string audience = "dataport-api", string type = "at+jwt")
    {
        var now = Api.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = type,
            Issuer = "http://localhost",
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(15),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "dpc_forged", ["client_id"] = "dpc_forged", ["org"] = "org-x", ["scope"] = "catalog.read", ["jti"] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
