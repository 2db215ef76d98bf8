using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataPort.Server.Tests;

public sealed class ProblemDetailsTests(ApiWithDatabase fixture) : IClassFixture<ApiWithDatabase>
{
    [Fact]
    public async Task When_an_unknown_route_is_requested_Then_404_with_problem_details()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task When_a_known_route_gets_the_wrong_method_Then_405_with_problem_details()
    {
        var response = await fixture.Api.CreateClient().DeleteAsync("/health/ready");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
