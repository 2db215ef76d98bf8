using System.Net;

namespace DataPort.Journeys.Tests;

/// <summary>Hangfire's dashboard under the web catalog: operators use it, regulators read it, nobody else gets in.</summary>
[Collection(PortCollection.Name)]
public sealed class JobsDashboardTests(PortWithCatalog port)
{
    private const string Dashboard = "console/jobs";

    [Fact]
    public async Task Given_an_operator_When_they_open_the_dashboard_Then_it_shows_the_servers_and_lets_them_trigger_recurring_jobs()
    {
        using var operators = port.As(PortWithCatalog.Operator);

        var home = await operators.GetAsync(Dashboard);
        var recurring = await (await operators.GetAsync($"{Dashboard}/recurring")).Content.ReadAsStringAsync();
        var servers = await (await operators.GetAsync($"{Dashboard}/servers")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("grant-expiry-sweep", recurring);
        Assert.Contains("recurring/trigger", recurring);
        Assert.Contains(":pipeline:", servers);
        Assert.Contains(":housekeeping:", servers);
    }

    [Fact]
    public async Task Given_a_regulator_When_they_open_the_dashboard_Then_they_read_it_without_commands()
    {
        using var regulators = port.As(PortWithCatalog.Regulator);

        var recurring = await regulators.GetAsync($"{Dashboard}/recurring");
        var trigger = await regulators.PostAsync($"{Dashboard}/recurring/trigger",
            new FormUrlEncodedContent([new("jobs[]", "grant-expiry-sweep")]));

        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
        Assert.Contains("grant-expiry-sweep", await recurring.Content.ReadAsStringAsync());
        Assert.DoesNotContain("recurring/trigger", await recurring.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.NoContent, trigger.StatusCode);
        Assert.False(trigger.IsSuccessStatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("dev-1;some-developer;developer", HttpStatusCode.Forbidden)]
    [InlineData("owner-1;xm-transport;merchant", HttpStatusCode.Forbidden)]
    public async Task Given_anyone_else_When_they_ask_for_the_dashboard_Then_they_are_refused(string? person, HttpStatusCode refusal)
    {
        using var http = person is null ? new HttpClient { BaseAddress = port.Address } : port.As(person);

        var page = await http.GetAsync(Dashboard);
        var stats = await http.PostAsync($"{Dashboard}/stats", new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]));

        Assert.Equal(refusal, page.StatusCode);
        Assert.Equal(refusal, stats.StatusCode);
    }
}
