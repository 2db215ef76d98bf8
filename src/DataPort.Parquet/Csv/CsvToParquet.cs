using System.Text;

namespace DataPort.Parquet.Csv;

/// <summary>What a conversion did, for the command's summary line.</summary>
public sealed record CsvConversionResult(ParquetSchema Schema, long Rows, int RowGroups);

/// <summary>
/// Converts a UTF-8 CSV file with a header row to Parquet, streaming, with column types inferred from every
/// value. Types are guessed from the first rows, then the file is written in one pass that keeps inferring;
/// if a later value changes a column's type (a blank in a required column, a wider decimal, text in a
/// number column) the output is rewritten from the start with the types of the whole file. The result is
/// always the schema a full inference pass gives; the common case reads the file once.
/// Memory stays at one row group (two with background flushing) whatever the file size.
/// </summary>
public static class CsvToParquet
{
    /// <summary>Rows read to guess the types before writing: a later surprise costs a rewrite, a larger sample costs every file.</summary>
    internal const int SampleRows = 32_768;

    public static ParquetSchema InferSchema(string csvPath, CsvReaderOptions? csvOptions = null) =>
        Infer(csvPath, csvOptions, long.MaxValue).Inference.GetSchema();

    public static CsvConversionResult Convert(string csvPath, Stream output, ParquetWriterOptions options, CsvReaderOptions? csvOptions = null)
    {
        if (!output.CanSeek)
        {
            // Cannot start over: infer from the whole file first.
            return Write(csvPath, output, InferSchema(csvPath, csvOptions), options, csvOptions, null, 0)!;
        }
        var start = output.Position;
        var sample = Infer(csvPath, csvOptions, SampleRows);
        var guess = sample.Inference.GetSchema();
        var observe = sample.WholeFile ? null : sample.Inference;
        var result = Write(csvPath, output, guess, options, csvOptions, observe, sample.Rows);
        if (result is not null)
        {
            return result;
        }
        // The inference has now seen every value, so its schema holds them all: the second attempt succeeds.
        output.Position = start;
        output.SetLength(start);
        return Write(csvPath, output, sample.Inference.GetSchema(), options, csvOptions, null, 0)!;
    }

    private static (CsvSchemaInference Inference, long Rows, bool WholeFile) Infer(string csvPath, CsvReaderOptions? csvOptions, long maxRows)
    {
        using var reader = CsvReader.Open(csvPath, csvOptions);
        if (!reader.Read())
        {
            throw new CsvException("the file is empty: a header row is required", 1);
        }
        var header = ReadHeader(reader);
        var inference = new CsvSchemaInference(header);
        long rows = 0;
        while (rows < maxRows)
        {
            if (!reader.Read())
            {
                return (inference, rows, true);
            }
            CheckWidth(reader, header.Length);
            for (var i = 0; i < header.Length; i++)
            {
                inference.Observe(i, reader.GetUtf8(i));
            }
            rows++;
        }
        return (inference, rows, false);
    }

    /// <summary>
    /// Writes every row with <paramref name="schema"/>. With <paramref name="inference"/> (which has seen the
    /// first <paramref name="observedRows"/> rows), later values are observed too, and writing stops when one
    /// changes a column's field; the rest of the file is then only observed and the result is null.
    /// </summary>
    private static CsvConversionResult? Write(
        string csvPath, Stream output, ParquetSchema schema, ParquetWriterOptions options, CsvReaderOptions? csvOptions,
        CsvSchemaInference? inference, long observedRows)
    {
        using var reader = CsvReader.Open(csvPath, csvOptions);
        reader.Read();
        var columns = schema.Fields.Count;
        using var writer = ParquetWriter.Create(output, schema, options, leaveOpen: true);
        var kinds = schema.Fields.Select(f => f.Type).ToArray();
        long row = 0;
        while (reader.Read())
        {
            CheckWidth(reader, columns);
            if (++row > observedRows && inference is not null && !StillFits(inference, schema, reader))
            {
                writer.Abandon();
                ObserveRest(inference, reader, columns);
                return null;
            }
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

    /// <summary>Observes a row; false if a value changed a column's field, so the schema no longer holds every value.</summary>
    private static bool StillFits(CsvSchemaInference inference, ParquetSchema schema, CsvReader reader)
    {
        var fits = true;
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            if (inference.Observe(i, reader.GetUtf8(i)) && inference.GetField(i) != schema.Fields[i])
            {
                fits = false;
            }
        }
        return fits;
    }

    private static void ObserveRest(CsvSchemaInference inference, CsvReader reader, int columns)
    {
        while (reader.Read())
        {
            CheckWidth(reader, columns);
            for (var i = 0; i < columns; i++)
            {
                inference.Observe(i, reader.GetUtf8(i));
            }
        }
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
            // Only possible if the file changed between passes.
            throw new CsvException($"column '{field.Name}': '{Encoding.UTF8.GetString(text)}' is not a {kind} as inferred", line);
        }
    }
}
