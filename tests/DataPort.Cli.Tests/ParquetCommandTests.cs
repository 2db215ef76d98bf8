using System.Text.Json;

namespace DataPort.Cli.Tests;

/// <summary><c>dataport parquet write</c> and <c>inspect</c> as a user runs them, in each codec Parquet.Net gives DataPort.</summary>
public sealed class ParquetCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("dataport-parquet-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("zstd")]
    [InlineData("lz4")]
    [InlineData("none")]
    public async Task Given_a_csv_When_written_with_a_codec_and_inspected_Then_every_chunk_uses_it_and_the_types_are_inferred(string codec)
    {
        var csv = Path.Combine(directory, "stops.csv");
        await File.WriteAllTextAsync(csv, "id,name,fare,day\n" + string.Concat(Enumerable.Range(1, 500).Select(i => $"{i},站点{i % 7},{i * 0.5m},2026-12-{1 + i % 28:00}\n")));
        var parquet = Path.Combine(directory, $"stops-{codec}.parquet");

        var written = await Dataport.RunAsync(["parquet", "write", csv, "--out", parquet, "--codec", codec, "--row-group-rows", "200"]);
        var inspected = await Dataport.RunAsync(["parquet", "inspect", parquet, "--json"]);

        Assert.True(written.ExitCode == 0, written.Error);
        Assert.Contains($"wrote 500 rows in 3 row group(s)", written.Output);
        Assert.True(inspected.ExitCode == 0, inspected.Error);
        using var info = JsonDocument.Parse(inspected.Output);
        Assert.Equal(500, info.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal(["int64", "string", "decimal", "date"], info.RootElement.GetProperty("schema").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        var codecs = info.RootElement.GetProperty("rowGroups").EnumerateArray()
            .SelectMany(g => g.GetProperty("columns").EnumerateArray()).Select(c => c.GetProperty("codec").GetString()).Distinct();
        Assert.Equal([codec], codecs);
    }

    [Fact]
    public async Task Given_a_codec_Parquet_does_not_offer_When_writing_Then_the_command_names_the_choices_and_exits_non_zero()
    {
        var csv = Path.Combine(directory, "one.csv");
        await File.WriteAllTextAsync(csv, "id\n1\n");

        var result = await Dataport.RunAsync(["parquet", "write", csv, "--out", Path.Combine(directory, "one.parquet"), "--codec", "brotli"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("brotli", result.Error);
        Assert.Contains("lz4", result.Error);
        Assert.False(File.Exists(Path.Combine(directory, "one.parquet")));
    }
}
