using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

/// <summary>
/// The benchmark CSV converted by a straightforward Parquet.Net program, for comparison: lines split with
/// string.Split, values parsed by the schema the generator writes, row groups the size DataPort uses, the
/// string columns dictionary-hinted. No CSV quoting (the generated file has none).
/// </summary>
internal static class ParquetNetAlone
{
    private const int RowGroupRows = 122_880;

    public static async Task<int> ConvertAsync(string csv, string output, string codec)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        DataField[] fields =
        [
            new DataField<long>("id", false), new DataField<string>("category", false), new DataField<string>("account", false),
            new DataField<double>("amount", false), new DataField<DateOnly>("day", false), new DataField<string>("district", true),
        ];
        var options = new ParquetOptions
        {
            CompressionMethod = codec switch { "none" => CompressionMethod.None, "gzip" => CompressionMethod.Gzip, "zstd" => CompressionMethod.Zstd, "lz4" => CompressionMethod.Lz4Raw, _ => CompressionMethod.Snappy },
            UseDateOnlyTypeForDates = true,
        };
        foreach (var name in new[] { "category", "district" })
        {
            options.ColumnEncodingHints[name] = EncodingHint.Dictionary;
        }
        var ids = new long[RowGroupRows];
        var categories = new string[RowGroupRows];
        var accounts = new string[RowGroupRows];
        var amounts = new double[RowGroupRows];
        var days = new DateOnly[RowGroupRows];
        var districts = new string?[RowGroupRows];
        await using (var stream = File.Create(output))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options))
        using (var reader = new StreamReader(csv))
        {
            reader.ReadLine();
            var count = 0;
            while (reader.ReadLine() is { } line)
            {
                var parts = line.Split(',');
                ids[count] = long.Parse(parts[0], CultureInfo.InvariantCulture);
                categories[count] = parts[1];
                accounts[count] = parts[2];
                amounts[count] = double.Parse(parts[3], CultureInfo.InvariantCulture);
                days[count] = DateOnly.ParseExact(parts[4], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                districts[count] = parts[5].Length == 0 ? null : parts[5];
                if (++count == RowGroupRows)
                {
                    await WriteAsync(writer, fields, count, ids, categories, accounts, amounts, days, districts);
                    count = 0;
                }
            }
            if (count > 0)
            {
                await WriteAsync(writer, fields, count, ids, categories, accounts, amounts, days, districts);
            }
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.Write(JsonSerializer.Serialize(new { seconds, cpuSeconds }));
        return 0;
    }

    private static async Task WriteAsync(
        ParquetWriter writer, DataField[] fields, int count,
        long[] ids, string[] categories, string[] accounts, double[] amounts, DateOnly[] days, string?[] districts)
    {
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<long>(fields[0], ids.AsMemory(0, count), null, null, CancellationToken.None);
        await group.WriteAsync(fields[1], new ArraySegment<string>(categories, 0, count), null);
        await group.WriteAsync(fields[2], new ArraySegment<string>(accounts, 0, count), null);
        await group.WriteAsync<double>(fields[3], amounts.AsMemory(0, count), null, null, CancellationToken.None);
        await group.WriteAsync<DateOnly>(fields[4], days.AsMemory(0, count), null, null, CancellationToken.None);
        await group.WriteAsync(fields[5], new ArraySegment<string>(districts!, 0, count), null);
    }
}
