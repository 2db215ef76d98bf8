using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataPort.Server.Tests;

public sealed class HealthTests(ApiWithDatabase fixture) : IClassFixture<ApiWithDatabase>
{
    [Fact]
    public async Task Given_a_reachable_database_When_readiness_is_asked_Then_it_is_healthy()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "postgres");
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "sandbox");
    }

    [Fact]
    public async Task When_liveness_is_asked_Then_it_is_healthy()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Given_an_unreachable_database_When_readiness_is_asked_Then_503_with_problem_details()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        await using var api = new DataPortApi("Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=2");

        var response = await api.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("PostgreSQL", problem.GetProperty("detail").GetString());
        Assert.Contains("sandbox database", problem.GetProperty("detail").GetString());
    }
}
