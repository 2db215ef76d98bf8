using System.Text.Json;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Assets;

public sealed class DescribingTheDomainApi(ApiWithNothing fixture) : IClassFixture<ApiWithNothing>
{
    [Fact]
    public async Task When_the_openapi_document_is_read_Then_domain_operations_have_stable_ids_and_their_headers()
    {
        var document = await Ok(await fixture.Api.CreateClient().GetAsync("/openapi/v1.json"));
        var paths = document.GetProperty("paths");

        Assert.Equal("SubmitAsset", paths.GetProperty("/api/assets").GetProperty("post").GetProperty("operationId").GetString());
        Assert.Equal("SearchDatasets", paths.GetProperty("/api/datasets").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("ApproveGrant", paths.GetProperty("/api/grants/{id}/approve").GetProperty("post").GetProperty("operationId").GetString());
        Assert.Contains("Idempotency-Key", HeaderNames(paths.GetProperty("/api/grants").GetProperty("post")));
        Assert.Contains("If-Match", HeaderNames(paths.GetProperty("/api/grants/{id}/approve").GetProperty("post")));
        Assert.True(paths.GetProperty("/api/grants/{id}/approve").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
    }

    private static IEnumerable<string?> HeaderNames(JsonElement operation) =>
        operation.GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "header")
            .Select(p => p.GetProperty("name").GetString());
}
