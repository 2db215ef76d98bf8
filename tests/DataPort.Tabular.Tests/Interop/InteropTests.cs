using System.Text.Json;

namespace DataPort.Tabular.Tests.Interop;

/// <summary>
/// DuckDB and hyparquet read DataPort's files exactly; DataPort reads DuckDB's files exactly.
/// One node process per test covers every codec, to keep the suite quick.
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

    [Fact]
    public void Given_files_written_by_DuckDB_When_DataPort_reads_them_Then_every_value_matches_DuckDBs_own_reading()
    {
        string[] codecs = ["snappy", "uncompressed", "gzip"];
        var paths = codecs.Select(codec => Path.Combine(_folder, $"duckdb-{codec}.parquet")).ToArray();

        using var duck = NodeInterop.Run(["duckdb-write.mjs", "5000", "2048", .. paths.Zip(codecs, (p, c) => $"{p}:{c}")]);

        var files = duck.RootElement.EnumerateArray().ToList();
        for (var f = 0; f < paths.Length; f++)
        {
            AssertSameAsDuckDb(paths[f], files[f]);
        }
    }

    private static void AssertSameAsDuckDb(string path, JsonElement duck)
    {
        using var reader = ParquetReader.Open(path);
        Assert.Equal(3, reader.RowGroupCount);
        var expectedColumns = duck.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(expectedColumns, reader.Schema.Fields.Select(f => f.Name));
        var duckRows = duck.GetProperty("rows").EnumerateArray().ToList();
        var rows = reader.ReadRows().ToList();
        Assert.Equal(duckRows.Count, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var values = duckRows[r].EnumerateArray().ToList();
            for (var c = 0; c < reader.Schema.Fields.Count; c++)
            {
                var field = reader.Schema.Fields[c];
                InteropValues.AssertSame(field, rows[r][c], values[c], $"{Path.GetFileName(path)} row {r} column {field.Name}");
            }
        }
        var info = reader.GetInfo();
        Assert.Contains(info.RowGroups[0].Columns, c => c.Encodings.Contains("PLAIN_DICTIONARY") || c.Encodings.Contains("RLE_DICTIONARY"));
        Assert.Equal(ParquetType.Decimal, reader.Schema.Fields[reader.Schema.IndexOf("dec_wide")].Type);
        Assert.Equal("FIXED_LEN_BYTE_ARRAY", info.Columns[reader.Schema.IndexOf("dec_wide")].PhysicalType);
    }
}
