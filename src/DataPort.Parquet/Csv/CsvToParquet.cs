using System.Text;

namespace DataPort.Parquet.Csv;

/// <summary>What a conversion did, for the command's summary line.</summary>
public sealed record CsvConversionResult(ParquetSchema Schema, long Rows, int RowGroups);

/// <summary>
/// Converts a UTF-8 CSV file with a header row to Parquet in two streaming passes: the first infers
/// column types from all values, the second writes; memory stays at one row group whatever the file size.
/// </summary>
public static class CsvToParquet
{
    public static ParquetSchema InferSchema(string csvPath, CsvReaderOptions? csvOptions = null)
    {
        using var reader = CsvReader.Open(csvPath, csvOptions);
        if (!reader.Read())
        {
            throw new CsvException("the file is empty: a header row is required", 1);
        }
        var header = ReadHeader(reader);
        var inference = new CsvSchemaInference(header);
        while (reader.Read())
        {
            CheckWidth(reader, header.Length);
            for (var i = 0; i < header.Length; i++)
            {
                inference.Observe(i, reader.GetUtf8(i));
            }
        }
        return inference.GetSchema();
    }

    public static CsvConversionResult Convert(string csvPath, Stream output, ParquetWriterOptions options, CsvReaderOptions? csvOptions = null)
    {
        var schema = InferSchema(csvPath, csvOptions);
        using var reader = CsvReader.Open(csvPath, csvOptions);
        reader.Read();
        var columns = schema.Fields.Count;
        using var writer = ParquetWriter.Create(output, schema, options, leaveOpen: true);
        var kinds = schema.Fields.Select(f => f.Type).ToArray();
        while (reader.Read())
        {
            CheckWidth(reader, columns);
            for (var i = 0; i < columns; i++)
            {
                WriteField(writer, schema.Fields[i], kinds[i], i, reader.GetUtf8(i), reader.LineNumber);
            }
            writer.EndRow();
        }
        var rows = writer.RowCount;
        writer.Close();
        return new CsvConversionResult(schema, rows, (int)Math.Ceiling(rows / (double)options.RowGroupRows));
    }

    private static string[] ReadHeader(CsvReader reader)
    {
        var header = reader.GetStrings();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = header[i].Trim();
            if (header[i].Length == 0)
            {
                header[i] = $"column{i + 1}";
            }
            if (!seen.Add(header[i]))
            {
                throw new CsvException($"column name '{header[i]}' appears twice in the header", reader.LineNumber);
            }
        }
        return header;
    }

    private static void CheckWidth(CsvReader reader, int columns)
    {
        if (reader.FieldCount != columns)
        {
            throw new CsvException($"expected {columns} fields as in the header, found {reader.FieldCount}", reader.LineNumber);
        }
    }

    private static void WriteField(ParquetWriter writer, ParquetField field, ParquetType kind, int column, ReadOnlySpan<byte> text, long line)
    {
        if (kind == ParquetType.String)
        {
            if (text.IsEmpty || (field.Nullable && CsvValues.IsBlank(text)))
            {
                writer.WriteNull(column);
            }
            else
            {
                writer.WriteUtf8(column, text);
            }
            return;
        }
        if (CsvValues.IsBlank(text))
        {
            writer.WriteNull(column);
            return;
        }
        text = text.Trim((byte)' ');
        var ok = true;
        switch (kind)
        {
            case ParquetType.Int64:
                ok = CsvValues.TryParseInt64(text, out var int64);
                if (ok)
                {
                    writer.WriteInt64(column, int64);
                }
                break;
            case ParquetType.Decimal:
                ok = CsvValues.TryParseUnscaled(text, field.Scale, out var unscaled);
                if (ok)
                {
                    writer.WriteDecimalUnscaled(column, unscaled);
                }
                break;
            case ParquetType.Double:
                ok = CsvValues.TryParseDouble(text, out var number);
                if (ok)
                {
                    writer.WriteDouble(column, number);
                }
                break;
            case ParquetType.Boolean:
                ok = CsvValues.TryParseBoolean(text, out var boolean);
                if (ok)
                {
                    writer.WriteBoolean(column, boolean);
                }
                break;
            case ParquetType.Date:
                ok = CsvValues.TryParseDate(text, out var date);
                if (ok)
                {
                    writer.WriteDate(column, date);
                }
                break;
            case ParquetType.Timestamp:
                ok = CsvValues.TryParseTimestamp(text, out var timestamp);
                if (ok)
                {
                    writer.WriteTimestamp(column, timestamp);
                }
                break;
        }
        if (!ok)
        {
            // Only possible if the file changed between the two passes.
            throw new CsvException($"column '{field.Name}': '{Encoding.UTF8.GetString(text)}' is not a {kind} as inferred", line);
        }
    }
}
