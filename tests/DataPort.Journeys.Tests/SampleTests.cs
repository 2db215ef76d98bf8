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

    [Fact]
    public async Task The_regulator_sample_verifies_a_grants_history_both_proofs_and_the_export_offline()
    {
        using var developer = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        var (grantId, _) = await UsedGrant.CreateAsync(port, developer, "air-quality-hourly");
        var folder = Directory.CreateTempSubdirectory("dataport-regulator-sample-").FullName;
        try
        {
            var cli = Path.Combine(Programs.Repository, "src", "DataPort.Cli", "bin", Programs.Configuration, "net10.0", "dataport.dll");
            var output = await Programs.RunBuiltAsync(Path.Combine("samples", "RegulatorVerify"), "RegulatorVerify.dll", null,
                "--url", port.Address.ToString(), "--development", "--grant", grantId, "--export", Path.Combine(folder, "ledger.jsonl"), "--dataport", cli);

            Assert.Contains($"history of grant {grantId}", output, StringComparison.Ordinal);
            Assert.Contains("grant.issued", output, StringComparison.Ordinal);
            Assert.Matches("inclusion: #\\d+ \\(grant.requested\\) is leaf \\d+ .*verified here", output);
            Assert.Matches("consistency: the signed tree of \\d+ entries extends the one of \\d+: verified here", output);
            Assert.Matches("offline verifier: intact: \\d+ entries", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
