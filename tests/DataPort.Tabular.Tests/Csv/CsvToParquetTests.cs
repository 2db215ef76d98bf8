using DataPort.Tabular.Csv;

namespace DataPort.Tabular.Tests.Csv;

public sealed class CsvToParquetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dataport-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteCsv(string text)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Given_a_csv_When_types_are_inferred_Then_each_column_gets_the_narrowest_type_that_holds_every_value()
    {
        var path = WriteCsv(
            "id,price,ratio,day,at,flag,zip,name,empty\n" +
            "1,12.5,1e3,2024-01-02,2024-01-02T03:04:05Z,true,00123,张三,\n" +
            "-20,7.25,2.5E-3,2024-02-29,2024-02-03 10:00:00,FALSE,00456,,\n" +
            "3,,0.5e1,,2024-03-04,false,01000,\"a, b\",\n");

        var schema = CsvToParquet.InferSchema(path);

        Assert.Equal(
        [
            new ParquetField("id", ParquetType.Int64, Nullable: false),
            ParquetField.Decimal("price", 4, 2, nullable: true),
            new ParquetField("ratio", ParquetType.Double, Nullable: false),
            new ParquetField("day", ParquetType.Date, Nullable: true),
            new ParquetField("at", ParquetType.Timestamp, Nullable: false),
            new ParquetField("flag", ParquetType.Boolean, Nullable: false),
            new ParquetField("zip", ParquetType.String, Nullable: false),
            new ParquetField("name", ParquetType.String, Nullable: true),
            new ParquetField("empty", ParquetType.String, Nullable: true),
        ], schema.Fields);
    }

    [Fact]
    public void Given_a_csv_When_converted_Then_the_parquet_holds_the_parsed_values_and_nulls()
    {
        var path = WriteCsv(
            "id,price,day,at,name\n" +
            "1,12.5,2024-01-02,2024-01-02T03:04:05.123456+08:00,\"multi\nline\"\n" +
            "2,,2024-02-29,2024-02-03 10:00,\n" +
            "3,1,2024-03-01,2024-03-01,x\n");
        using var output = new MemoryStream();

        var result = CsvToParquet.Convert(path, output, new ParquetWriterOptions { RowGroupRows = 1 });

        Assert.Equal((3L, 3), (result.Rows, result.RowGroups));
        var rows = ParquetFiles.ReadRows(output.ToArray());
        Assert.Equal(
            new object?[] { 1L, 12.5m, new DateOnly(2024, 1, 2), new DateTime(2024, 1, 1, 19, 4, 5, DateTimeKind.Utc).AddTicks(1_234_560), "multi\nline" },
            rows[0]);
        Assert.Equal(new object?[] { 2L, null, new DateOnly(2024, 2, 29), new DateTime(2024, 2, 3, 10, 0, 0, DateTimeKind.Utc), null }, rows[1]);
        Assert.Equal(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), rows[2][3]);
    }

    [Fact]
    public void Given_a_row_with_too_few_fields_When_converted_Then_the_error_names_its_line()
    {
        var path = WriteCsv("a,b\n1,2\n3\n");

        var error = Assert.Throws<CsvException>(() => CsvToParquet.Convert(path, new MemoryStream(), ParquetWriterOptions.Default));

        Assert.Equal(3, error.LineNumber);
    }

    [Fact]
    public void Given_only_a_header_When_converted_Then_the_file_has_zero_rows()
    {
        var path = WriteCsv("a,b\n");
        using var output = new MemoryStream();

        CsvToParquet.Convert(path, output, ParquetWriterOptions.Default);

        using var reader = ParquetFiles.Open(output.ToArray());
        Assert.Equal(0, reader.RowCount);
        Assert.Equal(["a", "b"], reader.Schema.Fields.Select(f => f.Name));
    }

    public static TheoryData<string, string, ParquetField, object?> LateValues => new()
    {
        { "5", "", new ParquetField("v", ParquetType.Int64, Nullable: true), null },
        { "5", "abc", new ParquetField("v", ParquetType.String, Nullable: false), "abc" },
        { "1.5", "12345.125", ParquetField.Decimal("v", 8, 3, nullable: false), 12345.125m },
        { "", "7", new ParquetField("v", ParquetType.Int64, Nullable: true), 7L },
        { "2024-01-02", "2024-01-02T10:00:00", new ParquetField("v", ParquetType.Timestamp, Nullable: false), new DateTime(2024, 1, 2, 10, 0, 0, DateTimeKind.Utc) },
        { "true", "1", new ParquetField("v", ParquetType.String, Nullable: false), "1" },
        { "5", "99999999999999999999", new ParquetField("v", ParquetType.Double, Nullable: false), 1e20 },
    };

    [Theory]
    [MemberData(nameof(LateValues))]
    public void Given_a_value_past_the_sampled_rows_that_changes_the_type_When_converted_Then_the_whole_file_gets_the_type_of_all_values(
        string early, string late, ParquetField expected, object? lateValue)
    {
        var lateRow = CsvToParquet.SampleRows + 3_000;
        var text = new System.Text.StringBuilder("id,v\n");
        for (var i = 1; i <= lateRow + 100; i++)
        {
            text.Append(i).Append(',').Append(i == lateRow ? late : early).Append('\n');
        }
        var path = WriteCsv(text.ToString());
        using var output = new MemoryStream();

        var result = CsvToParquet.Convert(path, output, new ParquetWriterOptions { RowGroupRows = 10_000 });

        Assert.Equal(expected, result.Schema.Fields[1]);
        Assert.Equal(CsvToParquet.InferSchema(path).Fields, result.Schema.Fields);
        using var reader = ParquetFiles.Open(output.ToArray());
        Assert.Equal(result.Schema.Fields, reader.Schema.Fields);
        var columns = reader.ReadAllColumns();
        Assert.Equal(lateRow + 100, columns[1].Values.Length);
        Assert.Equal(lateValue, columns[1].Values[lateRow - 1]);
        Assert.Equal(Enumerable.Range(1, lateRow + 100).Select(i => (object?)(long)i), columns[0].Values);
    }

    [Fact]
    public void Given_an_output_that_cannot_seek_When_converted_Then_types_come_from_a_full_pass_first()
    {
        var text = new System.Text.StringBuilder("id,v\n");
        for (var i = 1; i <= CsvToParquet.SampleRows + 10; i++)
        {
            text.Append(i).Append(',').Append(i == CsvToParquet.SampleRows + 5 ? "" : "1").Append('\n');
        }
        var path = WriteCsv(text.ToString());
        using var buffer = new MemoryStream();

        var result = CsvToParquet.Convert(path, new ForwardOnlyStream(buffer), ParquetWriterOptions.Default);

        Assert.Equal(new ParquetField("v", ParquetType.Int64, Nullable: true), result.Schema.Fields[1]);
        Assert.Equal(CsvToParquet.SampleRows + 10, ParquetFiles.ReadRows(buffer.ToArray()).Count);
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
