using System.Net;
using System.Text.Json;

namespace DataPort.Server.Tests;

public sealed class OpenApiTests(ApiWithDatabase fixture) : IClassFixture<ApiWithDatabase>
{
    [Fact]
    public async Task When_the_document_is_fetched_Then_it_is_valid_json_listing_the_endpoints()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        var paths = root.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/health/ready", out var ready));
        Assert.Equal("GetReadiness", ready.GetProperty("get").GetProperty("operationId").GetString());
        Assert.True(paths.TryGetProperty("/health/live", out _));
    }

    [Fact]
    public async Task When_the_docs_page_is_opened_Then_it_serves_html()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
