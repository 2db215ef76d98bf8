namespace DataPort.Tabular.Tests;

/// <summary>Writes rows to an in-memory Parquet file and reads them back.</summary>
public static class ParquetFiles
{
    public static byte[] Write(ParquetSchema schema, IEnumerable<object?[]> rows, ParquetWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        using (var writer = ParquetWriter.Create(stream, schema, options, leaveOpen: true))
        {
            foreach (var row in rows)
            {
                writer.WriteRow(row);
            }
        }
        return stream.ToArray();
    }

    public static List<object?[]> ReadRows(byte[] file, ParquetReaderOptions? options = null)
    {
        using var reader = ParquetReader.Open(new MemoryStream(file), options);
        return [.. reader.ReadRows()];
    }

    /// <summary>Every codec DataPort writes, for theories that must hold in each.</summary>
    public static TheoryData<ParquetCodec> EveryCodec => new(Enum.GetValues<ParquetCodec>());

    public static ParquetReader Open(byte[] file) => ParquetReader.Open(new MemoryStream(file));

    /// <summary>A schema with one column of every type, and deterministic rows for it (with nulls, Chinese, long text).</summary>
    public static ParquetSchema AllTypesSchema { get; } = new(
        new ParquetField("id", ParquetType.Int64, Nullable: false),
        new ParquetField("small", ParquetType.Int32),
        new ParquetField("flag", ParquetType.Boolean),
        new ParquetField("ratio", ParquetType.Double),
        new ParquetField("name", ParquetType.String),
        new ParquetField("day", ParquetType.Date),
        new ParquetField("at", ParquetType.Timestamp),
        ParquetField.Decimal("price", 9, 2),
        ParquetField.Decimal("amount", 18, 4),
        ParquetField.Decimal("wide", 28, 6),
        new ParquetField("blob", ParquetType.Binary));

    public static object?[] AllTypesRow(int i)
    {
        bool Null(int every) => i % every == every - 1;
        return
        [
            (long)i * 1_000_003 - 500_000_000_000L,
            Null(5) ? null : i % 2 == 0 ? -i : i * 7,
            Null(6) ? null : i % 3 == 0,
            Null(7) ? null : i % 10 == 9 ? -0.0 : Math.Sqrt(i) * (i % 2 == 0 ? 1 : -1e-300 * 1e300),
            Null(4) ? null : (i % 4) switch
            {
                0 => "",
                1 => $"厦门数据港 {i % 17}",
                2 => new string((char)('a' + i % 26), i % 3 == 0 ? 20_000 : 3),
                _ => $"emoji 😀 {i}",
            },
            Null(8) ? null : new DateOnly(1969, 12, 25).AddDays(i * 3),
            Null(9) ? null : new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(i * 12_345_670L),
            Null(10) ? null : (i - 50) * 1.25m,
            Null(11) ? null : (i - 300) * 12345.6789m,
            Null(12) ? null : (i % 2 == 0 ? -1 : 1) * (1234567890123456789012m + i) / 1_000_000m,
            Null(13) ? null : new byte[] { (byte)i, 0, 255, (byte)(i >> 8) },
        ];
    }
}
