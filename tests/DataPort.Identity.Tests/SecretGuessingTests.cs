using System.Net;
using System.Text.Json;
using DataPort.Testing;
using Marten;
using DataPort.Identity.Clients;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Identity.Tests;

/// <summary>
/// Guessing a client's secret at the token endpoint: free at first, then exponentially slower, then locked out for a
/// while with the organisation told; the right secret clears the count. Each test on a database of its own, as the
/// per-address count is shared by every request of the in-memory server.
/// </summary>
public sealed class SecretGuessingTests : IAsyncLifetime
{
    private readonly ApiWithIdentity fixture = new();

    private IdentityApi Api => fixture.Api;

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task Given_wrong_secrets_in_a_row_When_guessing_goes_on_Then_it_is_slowed_with_429_and_retry_after_until_the_wait_is_over()
    {
        var (clientId, secret) = await Api.CreateClientAsync(await Api.CreateOrganisationAsync(), [DataPortScopes.CatalogRead]);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await Api.RequestTokenAsync(clientId, "wrong-secret");
            answers.Add(response.StatusCode);
        }
        using var blocked = await Api.RequestTokenAsync(clientId, secret);
        var retryAfter = blocked.Headers.RetryAfter?.Delta;
        var body = JsonDocument.Parse(await blocked.Content.ReadAsStringAsync()).RootElement;
        Api.Clock.Advance(retryAfter!.Value + TimeSpan.FromSeconds(1));
        using var afterWaiting = await Api.RequestTokenAsync(clientId, secret);
        using var countCleared = await Api.RequestTokenAsync(clientId, "wrong-again");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 6), HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
        Assert.Equal("slow_down", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, afterWaiting.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, countCleared.StatusCode);
    }

    [Fact]
    public async Task Given_a_guesser_who_waits_out_every_delay_When_failures_reach_the_lockout_Then_it_is_locked_out_and_the_organisation_sees_it()
    {
        var organisation = await Api.CreateOrganisationAsync();
        var (clientId, _) = await Api.CreateClientAsync(organisation, [DataPortScopes.CatalogRead]);

        for (var i = 0; i < ClientSignInThrottle.LockoutAfter; i++)
        {
            using var response = await Api.RequestTokenAsync(clientId, "wrong-secret");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Api.Clock.Advance(TimeSpan.FromSeconds(20)); // longer than any back-off before the lockout
        }
        using var locked = await Api.RequestTokenAsync(clientId, "wrong-secret");
        var events = await Api.Services.GetRequiredService<IDocumentStore>().ReadStreamAsync($"organisation-{organisation}");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(14));
        var lockout = Assert.Single(events);
        Assert.Equal("organisation.app-sign-in-locked", lockout.EventTypeName);
    }

    [Theory]
    [InlineData(5, 1, null)]
    [InlineData(6, 1, 2)]
    [InlineData(9, 1, 16)]
    [InlineData(10, 1, 900)]
    [InlineData(20, 4, null)]
    [InlineData(21, 4, 2)]
    [InlineData(40, 4, 900)]
    public void Given_a_number_of_failures_Then_the_wait_doubles_after_the_free_ones_until_the_lockout(int failures, int factor, int? seconds) =>
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, ClientSignInThrottle.BlockAfter(failures, factor));
}
