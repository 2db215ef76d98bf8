using DataPort.Tabular.Csv;

namespace DataPort.Tabular.Tests.Csv;

/// <summary>A Parquet upload becomes the CSV the pipeline reads: every value as its text, every awkward string intact.</summary>
public sealed class ParquetToCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dataport-parquet-to-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Given_every_type_and_awkward_strings_When_converted_Then_the_csv_reader_reads_each_value_back_as_its_text()
    {
        string?[] names = ["plain", "a, comma", "a \"quote\"", "two\nlines", " leading space", "trailing space ", "", null, "厦门数据港"];
        var schema = new ParquetSchema(
            new ParquetField("name", ParquetType.String),
            new ParquetField("n", ParquetType.Int64),
            new ParquetField("x", ParquetType.Double),
            ParquetField.Decimal("price", 9, 2),
            new ParquetField("day", ParquetType.Date),
            new ParquetField("at", ParquetType.Timestamp),
            new ParquetField("ok", ParquetType.Boolean));
        var rows = names.Select((name, i) => new object?[]
        {
            name, i == 7 ? null : (long)i - 3, i * 0.1, i * 1.25m, new DateOnly(2024, 2, 29).AddDays(i),
            new DateTime(2024, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddTicks(i * 1_234_560L), i % 2 == 0,
        }).ToList();
        var parquet = Path.Combine(_folder, "in.parquet");
        File.WriteAllBytes(parquet, ParquetFiles.Write(schema, rows, new ParquetWriterOptions { RowGroupRows = 4 }));
        using var csv = new MemoryStream();

        var written = ParquetToCsv.Convert(parquet, csv);

        csv.Position = 0;
        using var reader = new CsvReader(csv);
        Assert.True(reader.Read());
        Assert.Equal(schema.Fields.Select(f => f.Name), reader.GetStrings());
        for (var i = 0; i < names.Length; i++)
        {
            Assert.True(reader.Read());
            var fields = reader.GetStrings();
            Assert.Equal(names[i] ?? "", fields[0]);
            Assert.Equal(i == 7 ? "" : (i - 3).ToString(System.Globalization.CultureInfo.InvariantCulture), fields[1]);
            Assert.Equal(i * 0.1, double.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(i * 1.25m, decimal.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(new DateOnly(2024, 2, 29).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), fields[4]);
            Assert.True(CsvValues.TryParseTimestamp(System.Text.Encoding.UTF8.GetBytes(fields[5]), out var at), fields[5]);
            Assert.Equal((DateTime)rows[i][5]!, at);
            Assert.Equal(i % 2 == 0 ? "true" : "false", fields[6]);
        }
        Assert.False(reader.Read());
        Assert.Equal(names.Length, written);
    }

    [Fact]
    public void Given_a_file_that_unpacks_past_a_limit_When_converted_Then_the_callback_stops_it_within_a_buffer()
    {
        var schema = new ParquetSchema(new ParquetField("text", ParquetType.String, Nullable: false));
        var repeated = new string('x', 1000);
        var parquet = Path.Combine(_folder, "bomb.parquet");
        File.WriteAllBytes(parquet, ParquetFiles.Write(schema, Enumerable.Range(0, 50_000).Select(_ => new object?[] { repeated })));
        var largest = 0L;

        Assert.Throws<InvalidOperationException>(() => ParquetToCsv.Convert(parquet, Stream.Null, written =>
        {
            largest = written;
            if (written > 1_000_000)
            {
                throw new InvalidOperationException("over the limit");
            }
        }));

        Assert.True(new FileInfo(parquet).Length < 100_000, $"the file is {new FileInfo(parquet).Length} bytes");
        Assert.InRange(largest, 1_000_001, 1_000_000 + (2 << 20));
    }
}
