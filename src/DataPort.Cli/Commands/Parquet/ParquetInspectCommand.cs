using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataPort.Tabular.Parquet;

namespace DataPort.Cli.Commands.Parquet;

/// <summary><c>dataport parquet inspect FILE.parquet --json</c>: schema, row groups, codecs, statistics, key-value metadata.</summary>
public static class ParquetInspectCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("FILE.parquet") { Description = "Parquet file to describe" };
        var json = new Option<bool>("--json") { Description = "Print the description as JSON" };
        var command = new Command("inspect", "Describe a Parquet file: schema, row groups, codecs, statistics, key-value metadata")
        {
            input,
            json,
        };
        command.SetAction((parseResult, _) =>
        {
            var file = parseResult.GetValue(input)!;
            if (!file.Exists)
            {
                throw new CliException($"{file.FullName} does not exist");
            }
            ParquetFileInfo info;
            try
            {
                using var reader = ParquetReader.Open(file.FullName);
                info = reader.GetInfo();
            }
            catch (Exception e) when (e is ParquetException or IOException or UnauthorizedAccessException)
            {
                throw new CliException($"{file.Name}: {e.Message}");
            }
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                output.WriteLine(InspectJson.Write(file, info));
            }
            else
            {
                WriteText(output, file, info);
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static void WriteText(TextWriter output, FileInfo file, ParquetFileInfo info)
    {
        output.WriteLine($"{file.Name}: {info.RowCount} rows, {info.RowGroups.Count} row group(s), created by {info.CreatedBy ?? "unknown"}");
        foreach (var column in info.Columns)
        {
            output.WriteLine($"  {column.Field}  [{column.PhysicalType}{(column.LogicalType is null ? "" : " " + column.LogicalType)}]");
        }
        foreach (var (key, value) in info.KeyValueMetadata)
        {
            output.WriteLine($"  {key} = {value}");
        }
        foreach (var group in info.RowGroups)
        {
            output.WriteLine($"row group {group.Index}: {group.RowCount} rows, {group.TotalCompressedSize ?? group.TotalByteSize} bytes");
            foreach (var chunk in group.Columns)
            {
                var statistics = chunk.Statistics is { } s
                    ? $" nulls={s.NullCount?.ToString() ?? "?"} min={InspectJson.Format(s.Min)} max={InspectJson.Format(s.Max)}"
                    : "";
                output.WriteLine($"  {chunk.Name}: {chunk.Codec} {string.Join(',', chunk.Encodings)} {chunk.CompressedSize} bytes{statistics}");
            }
        }
    }
}

internal static class InspectJson
{
    public static string Write(FileInfo file, ParquetFileInfo info)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("file", file.FullName);
            json.WriteNumber("rows", info.RowCount);
            json.WriteString("createdBy", info.CreatedBy);
            json.WriteNumber("formatVersion", info.FormatVersion);
            json.WriteStartArray("schema");
            foreach (var column in info.Columns)
            {
                json.WriteStartObject();
                json.WriteString("name", column.Field.Name);
                json.WriteString("type", column.Field.Type.ToString().ToLowerInvariant());
                json.WriteBoolean("nullable", column.Field.Nullable);
                json.WriteString("physicalType", column.PhysicalType);
                json.WriteString("logicalType", column.LogicalType);
                if (column.Field.Type == ParquetType.Decimal)
                {
                    json.WriteNumber("precision", column.Field.Precision);
                    json.WriteNumber("scale", column.Field.Scale);
                }
                if (column.TypeLength is { } length)
                {
                    json.WriteNumber("typeLength", length);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("keyValueMetadata");
            foreach (var (key, value) in info.KeyValueMetadata)
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
            json.WriteStartArray("rowGroups");
            foreach (var group in info.RowGroups)
            {
                json.WriteStartObject();
                json.WriteNumber("index", group.Index);
                json.WriteNumber("rows", group.RowCount);
                json.WriteNumber("totalByteSize", group.TotalByteSize);
                if (group.TotalCompressedSize is { } compressed)
                {
                    json.WriteNumber("totalCompressedSize", compressed);
                }
                json.WriteStartArray("columns");
                foreach (var chunk in group.Columns)
                {
                    WriteChunk(json, chunk);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteChunk(Utf8JsonWriter json, ParquetColumnChunkInfo chunk)
    {
        json.WriteStartObject();
        json.WriteString("name", chunk.Name);
        json.WriteString("physicalType", chunk.PhysicalType);
        json.WriteString("codec", chunk.Codec);
        json.WriteStartArray("encodings");
        foreach (var encoding in chunk.Encodings)
        {
            json.WriteStringValue(encoding);
        }
        json.WriteEndArray();
        json.WriteNumber("values", chunk.ValueCount);
        json.WriteNumber("compressedSize", chunk.CompressedSize);
        json.WriteNumber("uncompressedSize", chunk.UncompressedSize);
        json.WriteNumber("dataPageOffset", chunk.DataPageOffset);
        if (chunk.DictionaryPageOffset is { } dictionary)
        {
            json.WriteNumber("dictionaryPageOffset", dictionary);
        }
        if (chunk.Statistics is { } statistics)
        {
            json.WriteStartObject("statistics");
            WriteNullable(json, "nullCount", statistics.NullCount);
            WriteNullable(json, "distinctCount", statistics.DistinctCount);
            json.WritePropertyName("min");
            WriteValue(json, statistics.Min);
            json.WritePropertyName("max");
            WriteValue(json, statistics.Max);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("statistics");
        }
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case decimal m: json.WriteNumberValue(m); break;
            default: json.WriteStringValue(Format(value)); break;
        }
    }

    /// <summary>Text form of a statistics value: ISO dates and UTC timestamps, base64 for binary.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        DateOnly date => date.ToString("yyyy-MM-dd"),
        DateTime time => time.Kind == DateTimeKind.Utc ? time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'") : time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff"),
        byte[] bytes => Convert.ToBase64String(bytes),
        double d => d.ToString("R"),
        _ => value.ToString() ?? "",
    };
}
