namespace DataPort.Tabular.Tests.Interop;

/// <summary>
/// DataPort's Parquet and DuckDB's, both ways, with DuckDB in this process: every file DataPort writes (every
/// codec, every type) reads in DuckDB as the values written, and files DuckDB writes, in format version 1 and with
/// the encodings of version 2, which DataPort does not write itself (DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT, and
/// DELTA_BINARY_PACKED dates, timestamps and decimals, which Parquet.Net 6.1 reads only as whole numbers), read in
/// DataPort as DuckDB reads them.
/// </summary>
public sealed class DuckDbInteropTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dataport-duckdb-interop-").FullName;
    private readonly InProcessDuckDb _duck = new();

    public void Dispose()
    {
        _duck.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [MemberData(nameof(ParquetFiles.EveryCodec), MemberType = typeof(ParquetFiles))]
    public void Given_a_DataPort_file_in_each_codec_When_DuckDB_reads_it_Then_every_value_is_the_one_written(ParquetCodec codec)
    {
        var schema = ParquetFiles.AllTypesSchema;
        var rows = Enumerable.Range(0, 1200).Select(ParquetFiles.AllTypesRow).ToList();
        var path = Path.Combine(_folder, $"dataport-{codec}.parquet");
        File.WriteAllBytes(path, ParquetFiles.Write(schema, rows, new ParquetWriterOptions { Codec = codec, RowGroupRows = 500 }));

        var (columns, _, read) = _duck.Read(path);

        Assert.Equal(schema.Fields.Select(f => f.Name), columns);
        Assert.Equal(rows.Count, read.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                AssertSame(InProcessDuckDb.Comparable(rows[r][c]), read[r][c], $"{codec} row {r} column {columns[c]}");
            }
        }
    }

    [Theory]
    [InlineData("V2", "zstd")]
    [InlineData("V2", "lz4")]
    [InlineData("V2", "snappy")]
    [InlineData("V1", "snappy")]
    [InlineData("V1", "gzip")]
    [InlineData("V1", "uncompressed")]
    public void Given_a_file_DuckDB_writes_When_DataPort_reads_it_Then_every_value_matches_DuckDBs_reading(string version, string codec)
    {
        var path = Path.Combine(_folder, $"duckdb-{version}-{codec}.parquet");
        _duck.Execute($"""
            COPY (
              SELECT
                i::BIGINT AS id,
                (i % 1000)::INTEGER AS i32,
                CASE WHEN i % 7 = 0 THEN NULL ELSE 'name-' || (i % 13)::VARCHAR END AS low,
                CASE WHEN i % 5 = 0 THEN NULL ELSE md5(i::VARCHAR) END AS high,
                '厦门数据港-' || i::VARCHAR AS zh,
                i / 7.0::DOUBLE AS d,
                (i / 3.0)::REAL AS f,
                i % 3 = 0 AS b,
                DATE '2020-01-01' + (i % 1000)::INTEGER AS dt,
                TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 1234567) AS ts,
                TIMESTAMP '2001-02-03 04:05:06' + to_microseconds(i) AS ts_local,
                (i * 1.25)::DECIMAL(12, 2) AS dec,
                ((i % 1000) * 0.5)::DECIMAL(4, 1) AS dec_small,
                (i * 12345.6789 - 99999)::DECIMAL(38, 4) AS dec_wide,
                CASE WHEN i % 2 = 0 THEN NULL ELSE i * 2 END::BIGINT AS half_null
              FROM range(6000) t(i)
            ) TO {InProcessDuckDb.Quote(path)} (FORMAT parquet, PARQUET_VERSION {version}, COMPRESSION {codec}, ROW_GROUP_SIZE 2048)
            """);
        var (columns, _, expected) = _duck.Read(path);

        using var reader = ParquetReader.Open(path);
        var encodings = reader.GetInfo().RowGroups.SelectMany(g => g.Columns).SelectMany(c => c.Encodings).ToHashSet();
        var rows = reader.ReadRows().ToList();

        Assert.Contains(version == "V2" ? "DELTA_BINARY_PACKED" : "PLAIN_DICTIONARY", encodings);
        Assert.Equal(
            [ParquetType.Date, ParquetType.Timestamp, ParquetType.Timestamp, ParquetType.Decimal, ParquetType.Decimal],
            new[] { "dt", "ts", "ts_local", "dec", "dec_small" }.Select(name => reader.Schema.Fields[reader.Schema.IndexOf(name)].Type));
        Assert.True(version == "V1" || encodings.Overlaps(["DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "BYTE_STREAM_SPLIT"]), string.Join(", ", encodings));
        Assert.Equal(3, reader.RowGroupCount);
        Assert.Equal(columns, reader.Schema.Fields.Select(f => f.Name));
        Assert.Equal(expected.Count, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                AssertSame(expected[r][c], InProcessDuckDb.Comparable(rows[r][c]), $"{codec} row {r} column {columns[c]}");
            }
        }
    }

    [Fact]
    public void Given_a_CSV_converted_by_DataPort_When_DuckDB_reads_the_Parquet_Then_it_holds_every_row_with_the_inferred_types()
    {
        var csv = Path.Combine(_folder, "input.csv");
        File.WriteAllText(csv, "id,name,amount,day,at\n" + string.Concat(Enumerable.Range(1, 3000).Select(i =>
            $"{i},\"名字, {i}\",{i * 0.25m},2024-02-{1 + i % 28:00},2024-02-29T12:00:{i % 60:00}Z\n")));
        var path = Path.Combine(_folder, "converted.parquet");
        using (var output = File.Create(path))
        {
            DataPort.Tabular.Csv.CsvToParquet.Convert(csv, output, new ParquetWriterOptions { Codec = ParquetCodec.Zstd, RowGroupRows = 1000 });
        }

        var (columns, types, rows) = _duck.Read(path);

        Assert.Equal(["id", "name", "amount", "day", "at"], columns);
        Assert.Equal(["BIGINT", "VARCHAR", "DECIMAL(5,2)", "DATE", "TIMESTAMP WITH TIME ZONE"], types);
        Assert.Equal(3000, rows.Count);
        Assert.Equal(("名字, 3000", 750m), ((string)rows[2999][1]!, (decimal)rows[2999][2]!));
        Assert.Equal(4_501_500L, Convert.ToInt64(_duck.Scalar($"SELECT sum(id)::BIGINT FROM read_parquet({InProcessDuckDb.Quote(path)})")));
    }

    private static void AssertSame(object? expected, object? actual, string where)
    {
        if (expected is double e && actual is double a)
        {
            Assert.True(e.Equals(a), $"{where}: expected {e:R}, got {a:R}");
            return;
        }
        Assert.True(Equals(expected, actual), $"{where}: expected {expected ?? "null"} ({expected?.GetType().Name}), got {actual ?? "null"} ({actual?.GetType().Name})");
    }
}
