namespace DataPort.Tabular.Tests.Interop;

/// <summary>
/// DuckDB's node binding and hyparquet (a second, JavaScript reader) read DataPort's files exactly. One node
/// process per test covers the codecs hyparquet reads. DuckDB's own files are read in <see cref="DuckDbInteropTests"/>.
/// </summary>
public sealed class InteropTests : IDisposable
{
    private static readonly ParquetCodec[] Codecs = [ParquetCodec.Snappy, ParquetCodec.Gzip, ParquetCodec.None];
    private readonly string _folder = Directory.CreateTempSubdirectory("dataport-parquet-interop-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("duckdb")]
    [InlineData("hyparquet")]
    public void Given_DataPort_files_in_every_codec_When_another_engine_reads_them_Then_it_returns_exactly_the_values_written(string engine)
    {
        var schema = ParquetFiles.AllTypesSchema;
        var rows = Enumerable.Range(0, 1200).Select(ParquetFiles.AllTypesRow).ToList();
        var paths = Codecs.Select(codec =>
        {
            var path = Path.Combine(_folder, $"dataport-{codec}.parquet");
            File.WriteAllBytes(path, ParquetFiles.Write(schema, rows, new ParquetWriterOptions { Codec = codec, RowGroupRows = 500 }));
            return path;
        }).ToArray();

        using var result = NodeInterop.Run(["read.mjs", engine, .. paths]);

        var files = result.RootElement.EnumerateArray().ToList();
        Assert.Equal(paths.Length, files.Count);
        for (var f = 0; f < files.Count; f++)
        {
            var columns = files[f].GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList();
            Assert.Equal(schema.Fields.Select(x => x.Name), columns);
            var read = files[f].GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(rows.Count, read.Count);
            for (var r = 0; r < rows.Count; r++)
            {
                var values = read[r].EnumerateArray().ToList();
                for (var c = 0; c < schema.Fields.Count; c++)
                {
                    InteropValues.AssertSame(schema.Fields[c], rows[r][c], values[c], $"{engine} {Codecs[f]} row {r} column {schema.Fields[c].Name}");
                }
            }
        }
    }
}
