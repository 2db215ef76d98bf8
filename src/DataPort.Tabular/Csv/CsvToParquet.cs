using System.Runtime.CompilerServices;
using System.Text;
using DataPort.Tabular.Parquet;

namespace DataPort.Tabular.Csv;

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
            return Write(csvPath, output, InferSchema(csvPath, csvOptions), options, csvOptions, null)!;
        }
        var start = output.Position;
        var sample = Infer(csvPath, csvOptions, SampleRows);
        var guess = sample.Inference.GetSchema();
        var observe = sample.WholeFile ? null : sample.Inference;
        var result = Write(csvPath, output, guess, options, csvOptions, observe);
        if (result is not null)
        {
            return result;
        }
        // The inference has now seen every value, so its schema holds them all: the second attempt succeeds.
        output.Position = start;
        output.SetLength(start);
        return Write(csvPath, output, sample.Inference.GetSchema(), options, csvOptions, null)!;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    /// Writes every row with <paramref name="schema"/>. With <paramref name="inference"/> every value is observed
    /// too (observing a value twice changes nothing, so the sampled rows need no special case), and writing
    /// stops at the first value that changes a column's field; the rest of the file is then only observed and
    /// the result is null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static CsvConversionResult? Write(
        string csvPath, Stream output, ParquetSchema schema, ParquetWriterOptions options, CsvReaderOptions? csvOptions,
        CsvSchemaInference? inference)
    {
        using var reader = CsvReader.Open(csvPath, csvOptions);
        reader.Read();
        var fields = schema.Fields.ToArray();
        var columns = fields.Length;
        var paths = fields.Select((f, i) => FastPathFor(f, inference, i)).ToArray();
        using var writer = ParquetWriter.Create(output, schema, options, leaveOpen: true);
        while (reader.Read())
        {
            CheckWidth(reader, columns);
            for (var i = 0; i < columns; i++)
            {
                var text = reader.GetUtf8(i);
                if (TryWriteFast(writer, paths[i], fields[i], inference, i, text))
                {
                    continue;
                }
                if (inference is not null && inference.Observe(i, text) && inference.GetField(i) != fields[i])
                {
                    writer.Abandon();
                    ObserveRest(inference, reader, i + 1, columns);
                    return null;
                }
                WriteField(writer, fields[i], i, text, reader.LineNumber);
            }
            writer.EndRow();
        }
        var rows = writer.RowCount;
        writer.Close();
        return new CsvConversionResult(schema, rows, (int)Math.Ceiling(rows / (double)options.RowGroupRows));
    }

    /// <summary>
    /// The common values of each type, parsed strictly: each path takes only values that observing would not
    /// change (or, for integers, changes only as <see cref="CsvSchemaInference.ObserveInteger"/> records), so
    /// skipping the general observation loses nothing. Anything else (blanks, odd spacing, other forms) takes the general path.
    /// </summary>
    private enum FastPath
    {
        None,
        String,
        Int64,
        Decimal,
        Double,
        Date,
        Timestamp,
        Boolean,
    }

    private static FastPath FastPathFor(ParquetField field, CsvSchemaInference? inference, int column) => field.Type switch
    {
        // A string column that has only been blank so far may still become a number.
        ParquetType.String => inference is null || inference.IsSettledString(column) ? FastPath.String : FastPath.None,
        ParquetType.Int64 => FastPath.Int64,
        // With a scale of 0 the precision may be padded to 1, hiding the digit count the state holds.
        ParquetType.Decimal => field.Scale > 0 ? FastPath.Decimal : FastPath.None,
        ParquetType.Double => FastPath.Double,
        ParquetType.Date => FastPath.Date,
        ParquetType.Timestamp => FastPath.Timestamp,
        ParquetType.Boolean => FastPath.Boolean,
        _ => FastPath.None,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryWriteFast(ParquetWriter writer, FastPath path, ParquetField field, CsvSchemaInference? inference, int column, ReadOnlySpan<byte> text)
    {
        switch (path)
        {
            case FastPath.String:
                // Not blank for certain: neither empty nor starting or ending with a space.
                if (text.IsEmpty || text[0] == (byte)' ' || text[^1] == (byte)' ')
                {
                    return false;
                }
                writer.WriteUtf8(column, text);
                return true;
            case FastPath.Int64:
                if (!CsvValues.TryParsePlainInteger(text, out var int64, out var digits))
                {
                    return false;
                }
                inference?.ObserveInteger(column, digits);
                writer.WriteInt64(column, int64);
                return true;
            case FastPath.Decimal:
                if (!CsvValues.TryScanNumber(text, out var integerDigits, out var scale)
                    || integerDigits > field.Precision - field.Scale || scale > field.Scale
                    || !CsvValues.TryParseUnscaled(text, field.Scale, out var unscaled))
                {
                    return false;
                }
                writer.WriteDecimalUnscaled(column, unscaled);
                return true;
            case FastPath.Double:
                if (!CsvValues.TryParsePlainDouble(text, out var number))
                {
                    return false;
                }
                writer.WriteDouble(column, number);
                return true;
            case FastPath.Date:
                if (!CsvValues.TryParseDate(text, out var date))
                {
                    return false;
                }
                writer.WriteDate(column, date);
                return true;
            case FastPath.Timestamp:
                if (!CsvValues.TryParseTimestamp(text, out var timestamp))
                {
                    return false;
                }
                writer.WriteTimestamp(column, timestamp);
                return true;
            case FastPath.Boolean:
                if (!CsvValues.TryParseBoolean(text, out var boolean))
                {
                    return false;
                }
                writer.WriteBoolean(column, boolean);
                return true;
            default:
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ObserveRest(CsvSchemaInference inference, CsvReader reader, int fromColumn, int columns)
    {
        for (var i = fromColumn; i < columns; i++)
        {
            inference.Observe(i, reader.GetUtf8(i));
        }
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

    // Small enough to inline into the row loops; the message is built only on the rare failure.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckWidth(CsvReader reader, int columns)
    {
        if (reader.FieldCount != columns)
        {
            ThrowWidth(reader, columns);
        }
    }

    private static void ThrowWidth(CsvReader reader, int columns) =>
        throw new CsvException($"expected {columns} fields as in the header, found {reader.FieldCount}", reader.LineNumber);

    private static void WriteField(ParquetWriter writer, ParquetField field, int column, ReadOnlySpan<byte> text, long line)
    {
        var kind = field.Type;
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
