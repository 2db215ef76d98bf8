using System.Net;

namespace DataPort.Identity.Tests;

/// <summary>Fixture: the API with a request budget of three per minute per client.</summary>
public sealed class ApiWithSmallRateLimit : ApiWithIdentity
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Identity:RateLimit:PermitLimit"] = "3",
        ["Identity:RateLimit:Window"] = "00:01:00",
    };
}

public sealed class RateLimitTests(ApiWithSmallRateLimit fixture) : IClassFixture<ApiWithSmallRateLimit>
{
    [Fact]
    public async Task Given_a_client_over_its_budget_When_it_calls_again_Then_429_with_Retry_After_and_other_clients_are_unaffected()
    {
        var api = fixture.Api;
        var organisation = await api.CreateOrganisationAsync();
        var busy = api.ClientWithToken(await api.NewAppTokenAsync(organisation, DataPortScopes.CatalogRead));
        var quiet = api.ClientWithToken(await api.NewAppTokenAsync(organisation, DataPortScopes.CatalogRead));

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await busy.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await busy.GetAsync("/api/me");
        using var other = await quiet.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
