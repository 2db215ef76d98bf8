using System.Runtime.CompilerServices;
using System.Text;
using DataPort.Tabular.Parquet.Writing;
using Parquet;
using Parquet.Schema;
using NetSchema = Parquet.Schema.ParquetSchema;
using NetWriter = Parquet.ParquetWriter;

namespace DataPort.Tabular.Parquet;

/// <summary>
/// Streams rows into a Parquet file written by Parquet.Net: values are buffered per column until
/// <see cref="ParquetWriterOptions.RowGroupRows"/> rows are held, then handed to Parquet.Net as one row group,
/// so memory stays bounded by a row group (two with background flushing).
/// Either call <see cref="WriteRow"/>, or set each column with the typed <c>Write…</c> methods and call <see cref="EndRow"/>.
/// <see cref="Close()"/> (or Dispose) writes the footer.
/// </summary>
public sealed class ParquetWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly ParquetWriterOptions _options;
    private readonly NetWriter _file;
    private readonly ParquetOptions _netOptions;
    private bool _hintsSettled;
    private readonly DataField[] _dataFields;
    private readonly Dictionary<string, string> _metadata;
    private ColumnBuffer[] _columns;
    private ColumnBuffer[]? _spare;
    private Task? _pendingFlush;
    private int _rowsInGroup;
    private bool _closed;

    private ParquetWriter(Stream output, ParquetSchema schema, ParquetWriterOptions options, bool leaveOpen)
    {
        if (options.RowGroupRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RowGroupRows, "RowGroupRows must be at least 1");
        }
        _output = output;
        _leaveOpen = leaveOpen;
        _options = options;
        Schema = schema;
        _dataFields = [.. schema.Fields.Select(ParquetNetTypes.ToDataField)];
        _columns = CreateBuffers();
        _metadata = new Dictionary<string, string>(options.KeyValueMetadata, StringComparer.Ordinal);
        _netOptions = NetOptions(schema, options);
        _file = NetWriter.CreateAsync(new NetSchema(_dataFields), output, _netOptions, append: false)
            .GetAwaiter().GetResult();
    }

    public ParquetSchema Schema { get; }

    /// <summary>Rows written so far (including those still buffered).</summary>
    public long RowCount { get; private set; }

    public static ParquetWriter Create(Stream output, ParquetSchema schema, ParquetWriterOptions? options = null, bool leaveOpen = false) =>
        new(output, schema, options ?? ParquetWriterOptions.Default, leaveOpen);

    public static ParquetWriter Create(string path, ParquetSchema schema, ParquetWriterOptions? options = null)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            return new(stream, schema, options ?? ParquetWriterOptions.Default, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Writes one row; values use the CLR types listed on <see cref="ParquetField"/> (null for a missing value).</summary>
    public void WriteRow(ReadOnlySpan<object?> values)
    {
        if (values.Length != _columns.Length)
        {
            throw new ArgumentException($"a row has {_columns.Length} values, got {values.Length}", nameof(values));
        }
        // Checked first so a bad value leaves no half-written row behind.
        for (var i = 0; i < values.Length; i++)
        {
            CellValues.Check(_columns[i].Field, values[i]);
        }
        for (var i = 0; i < values.Length; i++)
        {
            WriteValue(i, values[i]);
        }
        EndRow();
    }

    public void WriteValue(int column, object? value)
    {
        var field = _columns[column].Field;
        switch (value)
        {
            case null: WriteNull(column); break;
            case bool b when field.Type == ParquetType.Boolean: WriteBoolean(column, b); break;
            case int n when field.Type == ParquetType.Int32: WriteInt32(column, n); break;
            case int n when field.Type == ParquetType.Int64: WriteInt64(column, n); break;
            case long n when field.Type == ParquetType.Int64: WriteInt64(column, n); break;
            case double d when field.Type == ParquetType.Double: WriteDouble(column, d); break;
            case float f when field.Type == ParquetType.Double: WriteDouble(column, f); break;
            case string s when field.Type is ParquetType.String or ParquetType.Binary: WriteString(column, s); break;
            case byte[] bytes when field.Type is ParquetType.Binary or ParquetType.String: WriteBinary(column, bytes); break;
            case DateOnly date when field.Type == ParquetType.Date: WriteDate(column, date); break;
            case DateTime dateTime when field.Type == ParquetType.Date: WriteDate(column, DateOnly.FromDateTime(dateTime)); break;
            case DateTime dateTime when field.Type == ParquetType.Timestamp: WriteTimestamp(column, dateTime); break;
            case DateTimeOffset offset when field.Type == ParquetType.Timestamp: WriteTimestamp(column, offset.UtcDateTime); break;
            case decimal d when field.Type == ParquetType.Decimal: WriteDecimal(column, d); break;
            case int n when field.Type == ParquetType.Decimal: WriteDecimal(column, n); break;
            case long n when field.Type == ParquetType.Decimal: WriteDecimal(column, n); break;
            default:
                throw new ArgumentException($"column '{field.Name}' ({field.Type}) cannot hold a {value.GetType().Name}");
        }
    }

    public void WriteNull(int column) => _columns[column].AppendNull();

    public void WriteBoolean(int column, bool value) => Fixed<bool>(column, ParquetType.Boolean).Append(value);

    public void WriteInt32(int column, int value) => Fixed<int>(column, ParquetType.Int32).Append(value);

    public void WriteInt64(int column, long value) => Fixed<long>(column, ParquetType.Int64).Append(value);

    public void WriteDouble(int column, double value) => Fixed<double>(column, ParquetType.Double).Append(value);

    public void WriteDate(int column, DateOnly value) => Fixed<DateOnly>(column, ParquetType.Date).Append(value);

    /// <summary>Microsecond precision (finer ticks are dropped); a DateTime of Unspecified kind is taken as UTC.</summary>
    public void WriteTimestamp(int column, DateTime value) => Fixed<DateTime>(column, ParquetType.Timestamp).Append(CellValues.ToUtcMicroseconds(value));

    public void WriteString(int column, ReadOnlySpan<char> value)
    {
        switch (_columns[column])
        {
            case SliceColumnBuffer<char> text:
                text.Append(value);
                break;
            case SliceColumnBuffer<byte> binary:
                var room = binary.Reserve(Encoding.UTF8.GetMaxByteCount(value.Length));
                binary.Commit(Encoding.UTF8.GetBytes(value, room));
                break;
            default:
                throw TypeMismatch(column, ParquetType.String);
        }
    }

    /// <summary>A string column's value as UTF-8 bytes (what the CSV reader holds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUtf8(int column, ReadOnlySpan<byte> value)
    {
        if (_columns[column] is SliceColumnBuffer<char> text)
        {
            // A UTF-8 sequence never decodes to more UTF-16 units than it has bytes.
            text.Commit(Encoding.UTF8.GetChars(value, text.Reserve(value.Length)));
            return;
        }
        WriteBinary(column, value);
    }

    public void WriteBinary(int column, ReadOnlySpan<byte> value)
    {
        switch (_columns[column])
        {
            case SliceColumnBuffer<byte> binary:
                binary.Append(value);
                break;
            case SliceColumnBuffer<char>:
                WriteUtf8(column, value);
                break;
            default:
                throw TypeMismatch(column, ParquetType.Binary);
        }
    }

    public void WriteDecimal(int column, decimal value)
    {
        var buffer = Fixed<decimal>(column, ParquetType.Decimal);
        CellValues.CheckDecimalFits(buffer.Field, value);
        buffer.Append(value);
    }

    /// <summary>A decimal given as its unscaled integer (value × 10^scale): the fast path for parsers.</summary>
    public void WriteDecimalUnscaled(int column, long unscaled)
    {
        var buffer = Fixed<decimal>(column, ParquetType.Decimal);
        buffer.Append(CellValues.FromUnscaled(buffer.Field, unscaled));
    }

    /// <summary>Completes a row set with the typed methods; flushes a row group when it is full.</summary>
    public void EndRow()
    {
        var expected = _rowsInGroup + 1;
        foreach (var column in _columns)
        {
            if (column.Rows != expected)
            {
                throw new InvalidOperationException(column.Rows < expected
                    ? $"column '{column.Field.Name}' was not set in row {RowCount + 1}"
                    : $"column '{column.Field.Name}' was set twice in row {RowCount + 1}");
            }
        }
        _rowsInGroup++;
        RowCount++;
        if (_rowsInGroup >= _options.RowGroupRows)
        {
            FlushRowGroup();
        }
    }

    /// <summary>
    /// Writes buffered rows as a row group now (normally done automatically when one is full). With
    /// <see cref="ParquetWriterOptions.BackgroundFlush"/> Parquet.Net encodes it on a worker while rows keep coming.
    /// </summary>
    public void FlushRowGroup()
    {
        if (_rowsInGroup == 0)
        {
            return;
        }
        var full = _columns;
        WaitForPendingFlush();
        _rowsInGroup = 0;
        if (_options.BackgroundFlush)
        {
            // Double buffering: the other set of buffers was written and reset by the wait above.
            _columns = _spare ?? CreateBuffers();
            _spare = full;
            _pendingFlush = Task.Run(() => WriteRowGroupAsync(full));
        }
        else
        {
            WriteRowGroupAsync(full).GetAwaiter().GetResult();
        }
    }

    /// <summary>Flushes the last row group and writes the footer. The writer cannot be used afterwards.</summary>
    public void Close() => Close(null);

    /// <summary>
    /// Like <see cref="Close()"/>, adding key-value metadata known only once every row is written (a content
    /// hash, a report); an entry replaces one of the same key from <see cref="ParquetWriterOptions.KeyValueMetadata"/>.
    /// </summary>
    public void Close(IEnumerable<KeyValuePair<string, string>>? extraMetadata)
    {
        if (_closed)
        {
            return;
        }
        foreach (var (key, value) in extraMetadata ?? [])
        {
            _metadata[key] = value;
        }
        if (_columns.Any(c => c.Rows != _rowsInGroup))
        {
            throw new InvalidOperationException("the last row was not completed with EndRow");
        }
        FlushRowGroup();
        WaitForPendingFlush();
        _closed = true;
        _file.CustomMetadata = _metadata;
        _file.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _output.Flush();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    public void Dispose() => Close();

    /// <summary>Stops without a footer, leaving a file the caller discards (CSV conversion starting over with wider types).</summary>
    internal void Abandon()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        try
        {
            WaitForPendingFlush();
            // Parquet.Net's writer holds pooled buffers until disposed; its footer lands in the part the caller discards.
            _file.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            if (!_leaveOpen)
            {
                _output.Dispose();
            }
        }
    }

    private static ParquetOptions NetOptions(ParquetSchema schema, ParquetWriterOptions options)
    {
        var net = new ParquetOptions
        {
            CompressionMethod = ParquetNetTypes.ToCompression(options.Codec),
            CompressionLevel = ParquetNetTypes.CompressionLevelFor(options.Codec),
            UseDateOnlyTypeForDates = true,
        };
        foreach (var field in schema.Fields)
        {
            if (ParquetNetTypes.EncodingFor(field) is { } hint)
            {
                net.ColumnEncodingHints[field.Name] = hint;
            }
        }
        return net;
    }

    private ColumnBuffer[] CreateBuffers() => [.. Schema.Fields.Select(f => ColumnBuffers.Create(f, _options.RowGroupRows))];

    private async Task WriteRowGroupAsync(ColumnBuffer[] columns)
    {
        if (!_hintsSettled)
        {
            DictionaryHints.DropWhereUnique(_netOptions, columns);
            _hintsSettled = true;
        }
        using (var rowGroup = _file.CreateRowGroup())
        {
            for (var i = 0; i < columns.Length; i++)
            {
                await columns[i].WriteAsync(rowGroup, _dataFields[i]).ConfigureAwait(false);
            }
            rowGroup.CompleteValidate();
        }
        foreach (var column in columns)
        {
            column.Reset();
        }
    }

    private void WaitForPendingFlush()
    {
        var pending = _pendingFlush;
        _pendingFlush = null;
        pending?.GetAwaiter().GetResult();
    }

    /// <summary>The column's buffer if it holds <paramref name="type"/> (each type has its own value type, so the cast is the check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FixedColumnBuffer<T> Fixed<T>(int column, ParquetType type)
        where T : struct =>
        _columns[column] as FixedColumnBuffer<T> ?? throw TypeMismatch(column, type);

    private ArgumentException TypeMismatch(int column, ParquetType given)
    {
        var field = _columns[column].Field;
        return new ArgumentException($"column '{field.Name}' is {field.Type}, not {given}");
    }
}
