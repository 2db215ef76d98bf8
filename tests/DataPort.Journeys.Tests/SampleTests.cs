namespace DataPort.Journeys.Tests;

/// <summary>The samples the README points developers to, run as they would run them, against the real server.</summary>
[Collection(PortCollection.Name)]
public sealed class SampleTests(PortWithCatalog port)
{
    [Fact]
    public async Task The_csharp_quickstart_prints_rows_an_aggregation_a_downloaded_parquet_and_the_usage()
    {
        var output = await Programs.RunBuiltAsync(Path.Combine("samples", "DeveloperQuickstart"), "DeveloperQuickstart.dll", null,
            "--url", port.Address.ToString(), "--development");

        Assert.Contains("sandbox table bus_stops", output, StringComparison.Ordinal);
        Assert.Contains("first rows (5):", output, StringComparison.Ordinal);
        Assert.Contains("by 所在区, mean 途经线路数", output, StringComparison.Ordinal);
        Assert.Contains("DuckDB reads:", output, StringComparison.Ordinal);
        Assert.Contains("usage: 2 queries of 100", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_typescript_quickstart_prints_rows_an_aggregation_a_downloaded_parquet_and_the_usage()
    {
        // scripts/test.sh builds it (npm install, tsc) before the tests run.
        var output = await Programs.RunNodeAsync(Path.Combine("samples", "typescript-quickstart", "dist", "samples", "typescript-quickstart", "quickstart.js"),
            "--url", port.Address.ToString(), "--development");

        Assert.Contains("catalog: 26 datasets", output, StringComparison.Ordinal);
        Assert.Contains("first rows (5):", output, StringComparison.Ordinal);
        Assert.Contains("by 所在区: 6 groups", output, StringComparison.Ordinal);
        Assert.Contains("hyparquet reads 9 columns", output, StringComparison.Ordinal);
        Assert.Contains("usage: 2 queries of 100, 1 downloads", output, StringComparison.Ordinal);
    }
}
