using System.Text.Json;

namespace DataPort.Server.Tests;

/// <summary>
/// The SDKs are generated from <c>sdk/openapi.json</c>: when an endpoint changes and nobody regenerates,
/// developers get a client that no longer matches. This compares every path and operation id.
/// </summary>
public sealed class SdkFreshnessTests(ApiWithDatabase fixture) : IClassFixture<ApiWithDatabase>
{
    [Fact]
    public async Task The_committed_openapi_document_lists_exactly_the_live_operations()
    {
        var live = Operations(JsonDocument.Parse(await fixture.Api.CreateClient().GetStringAsync("/openapi/v1.json")));
        var committed = Operations(JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "sdk", "openapi.json"))));

        Assert.True(live.SetEquals(committed),
            "sdk/openapi.json is stale: run sdk/generate.sh and commit the result. " +
            $"Only live: {string.Join(", ", live.Except(committed))}. Only committed: {string.Join(", ", committed.Except(live))}.");
    }

    private static HashSet<string> Operations(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => op.Value.ValueKind == JsonValueKind.Object && op.Value.TryGetProperty("operationId", out _))
                .Select(op => $"{op.Name.ToUpperInvariant()} {path.Name} {op.Value.GetProperty("operationId").GetString()}"))
            .ToHashSet(StringComparer.Ordinal);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataPort.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("DataPort.sln not found above the test's folder.");
    }
}
