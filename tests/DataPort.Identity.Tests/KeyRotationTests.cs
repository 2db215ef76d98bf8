using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;

namespace DataPort.Identity.Tests;

/// <summary>
/// Signing keys rotate on IdentityServer's schedule (every 90 days, announced 14 days ahead, kept 14 days), persist
/// across restarts and are encrypted at rest. The clock is moved by hand.
/// </summary>
public sealed class KeyRotationTests(ApiWithIdentity fixture) : IClassFixture<ApiWithIdentity>
{
    [Fact]
    public async Task Given_a_rotation_When_time_passes_Then_the_next_key_is_published_first_and_old_tokens_stay_valid_until_they_expire()
    {
        var api = fixture.Api;
        var clock = api.Clock;
        var (clientId, secret) = await api.CreateClientAsync(await api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);
        var first = new JsonWebToken(await api.GetTokenAsync(clientId, secret)).Kid;
        Assert.Equal([first], await PublishedKids(api));

        // 76 days in, the propagation time (14 days) before the 90-day rotation: the next key is announced, not signing.
        clock.Advance(TimeSpan.FromDays(76));
        var stillFirst = new JsonWebToken(await api.GetTokenAsync(clientId, secret)).Kid;
        var announced = await PublishedKids(api);
        Assert.Equal(first, stillFirst);
        Assert.Equal(2, announced.Count);
        var next = announced.Single(kid => kid != first);

        // A token signed with the old key a minute before the switch ...
        clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        var oldToken = await api.GetTokenAsync(clientId, secret);
        Assert.Equal(first, new JsonWebToken(oldToken).Kid);

        // ... is still accepted after the new key has started signing,
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(next, new JsonWebToken(await api.GetTokenAsync(clientId, secret)).Kid);
        Assert.Equal(HttpStatusCode.OK, await StatusOfMe(api, oldToken));

        // ... until it expires on its own.
        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMe(api, oldToken));

        // After the retention time the retired key leaves the JWKS.
        clock.Advance(TimeSpan.FromDays(14));
        Assert.DoesNotContain(first, await PublishedKids(api));
        Assert.Contains(next, await PublishedKids(api));
    }

    [Fact]
    public async Task Given_keys_in_the_database_When_another_server_starts_Then_it_uses_the_same_keys_and_they_are_encrypted_at_rest()
    {
        var published = await PublishedKids(fixture.Api);

        await using var restarted = fixture.SecondServer(new ManualClock(fixture.Api.Clock.GetUtcNow()));

        Assert.Equal(published, await PublishedKids(restarted));
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT private_key_encrypted FROM identity.signing_keys");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var stored = reader.GetFieldValue<byte[]>(0);
            using var ecdsa = ECDsa.Create();
            Assert.ThrowsAny<CryptographicException>(() => ecdsa.ImportPkcs8PrivateKey(stored, out _));
        }
    }

    private static async Task<IReadOnlyList<string>> PublishedKids(IdentityApi api)
    {
        var jwks = await api.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration/jwks");
        return jwks.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()!).Order().ToList();
    }

    private static async Task<HttpStatusCode> StatusOfMe(IdentityApi api, string token)
    {
        using var response = await api.ClientWithToken(token).GetAsync("/api/me");
        return response.StatusCode;
    }
}
