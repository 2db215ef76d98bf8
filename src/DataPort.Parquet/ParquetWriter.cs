using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using DataPort.Parquet.Compression;
using DataPort.Parquet.Encodings;
using DataPort.Parquet.Format;
using DataPort.Parquet.Thrift;
using DataPort.Parquet.Writing;

namespace DataPort.Parquet;

/// <summary>
/// Streams rows into a Parquet file: values are buffered per column until <see cref="ParquetWriterOptions.RowGroupRows"/>
/// rows are held, then the row group is written, so memory stays bounded by one row group.
/// Either call <see cref="WriteRow"/>, or set each column with the typed <c>Write…</c> methods and call <see cref="EndRow"/>.
/// <see cref="Close()"/> (or Dispose) writes the footer.
/// </summary>
public sealed class ParquetWriter : IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly ParquetWriterOptions _options;
    private ColumnWriter[] _columns;
    private ColumnWriter[]? _spare;
    private Task? _pendingFlush;
    private readonly PageSink _sink;
    private readonly FileMetaData _metadata;
    private byte[] _scratch = new byte[256];
    private int _rowsInGroup;
    private bool _closed;

    private ParquetWriter(Stream output, ParquetSchema schema, ParquetWriterOptions options, bool leaveOpen)
    {
        if (options.RowGroupRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RowGroupRows, "RowGroupRows must be at least 1");
        }
        if (options.Codec == ParquetCodec.Zstd)
        {
            throw new NotSupportedException(Codecs.ZstdUnavailable);
        }
        _output = output;
        _leaveOpen = leaveOpen;
        _options = options;
        Schema = schema;
        _columns = [.. schema.Fields.Select(f => SchemaMapping.CreateWriter(f, options))];
        _sink = new PageSink(output, Codecs.ToFormat(options.Codec));
        _metadata = new FileMetaData
        {
            Version = 1,
            Schema = SchemaMapping.ToElements(schema),
            CreatedBy = options.CreatedBy,
            KeyValueMetadata = [.. options.KeyValueMetadata.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))],
            ColumnOrders = schema.Fields.Count,
        };
        _sink.WriteRaw(Magic);
    }

    public ParquetSchema Schema { get; }

    /// <summary>Rows written so far (including those still buffered).</summary>
    public long RowCount { get; private set; }

    public static ParquetWriter Create(Stream output, ParquetSchema schema, ParquetWriterOptions? options = null, bool leaveOpen = false) =>
        new(output, schema, options ?? ParquetWriterOptions.Default, leaveOpen);

    public static ParquetWriter Create(string path, ParquetSchema schema, ParquetWriterOptions? options = null) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), schema, options ?? ParquetWriterOptions.Default, leaveOpen: false);

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
            CheckValue(_columns[i].Field, values[i]);
        }
        for (var i = 0; i < values.Length; i++)
        {
            WriteValue(i, values[i]);
        }
        EndRow();
    }

    private static void CheckValue(ParquetField field, object? value)
    {
        var fits = value switch
        {
            null => field.Nullable,
            bool => field.Type == ParquetType.Boolean,
            int => field.Type is ParquetType.Int32 or ParquetType.Int64 or ParquetType.Decimal,
            long => field.Type is ParquetType.Int64 or ParquetType.Decimal,
            double or float => field.Type == ParquetType.Double,
            string => field.Type == ParquetType.String,
            byte[] => field.Type is ParquetType.Binary or ParquetType.String,
            DateOnly => field.Type == ParquetType.Date,
            DateTime => field.Type is ParquetType.Date or ParquetType.Timestamp,
            DateTimeOffset => field.Type == ParquetType.Timestamp,
            decimal => field.Type == ParquetType.Decimal,
            _ => false,
        };
        if (!fits)
        {
            throw new ArgumentException(value is null
                ? $"column '{field.Name}' is required and cannot hold null"
                : $"column '{field.Name}' ({field.Type}) cannot hold a {value.GetType().Name}");
        }
        if (field.Type == ParquetType.Decimal && value is not null)
        {
            ValueConversions.ToUnscaled(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture), field);
        }
    }

    public void WriteValue(int column, object? value)
    {
        var field = _columns[column].Field;
        try
        {
            switch (value)
            {
                case null: WriteNull(column); break;
                case bool b when field.Type == ParquetType.Boolean: WriteBoolean(column, b); break;
                case int n when field.Type == ParquetType.Int32: WriteInt32(column, n); break;
                case int n when field.Type == ParquetType.Int64: WriteInt64(column, n); break;
                case long n when field.Type == ParquetType.Int64: WriteInt64(column, n); break;
                case double d when field.Type == ParquetType.Double: WriteDouble(column, d); break;
                case float f when field.Type == ParquetType.Double: WriteDouble(column, f); break;
                case string s when field.Type == ParquetType.String: WriteString(column, s); break;
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
        catch (InvalidCastException e)
        {
            throw new ArgumentException($"column '{field.Name}' ({field.Type}) cannot hold a {value?.GetType().Name}", e);
        }
    }

    public void WriteNull(int column) => _columns[column].AppendNull();

    public void WriteBoolean(int column, bool value) => (Column(column, ParquetType.Boolean) as BooleanColumnWriter ?? throw TypeMismatch(column, ParquetType.Boolean)).Append(value);

    public void WriteInt32(int column, int value) => (Column(column, ParquetType.Int32) as FixedColumnWriter<int> ?? throw TypeMismatch(column, ParquetType.Int32)).Append(value);

    public void WriteInt64(int column, long value) => (Column(column, ParquetType.Int64) as FixedColumnWriter<long> ?? throw TypeMismatch(column, ParquetType.Int64)).Append(value);

    public void WriteDouble(int column, double value) => (Column(column, ParquetType.Double) as FixedColumnWriter<double> ?? throw TypeMismatch(column, ParquetType.Double)).Append(value);

    public void WriteDate(int column, DateOnly value) => (Column(column, ParquetType.Date) as FixedColumnWriter<int> ?? throw TypeMismatch(column, ParquetType.Date)).Append(ValueConversions.ToDays(value));

    /// <summary>Microsecond precision; a DateTime of Unspecified kind is taken as UTC.</summary>
    public void WriteTimestamp(int column, DateTime value) => (Column(column, ParquetType.Timestamp) as FixedColumnWriter<long> ?? throw TypeMismatch(column, ParquetType.Timestamp)).Append(ValueConversions.ToMicros(value));

    public void WriteString(int column, ReadOnlySpan<char> value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _scratch.Length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }
        var written = Encoding.UTF8.GetBytes(value, _scratch);
        WriteUtf8(column, _scratch.AsSpan(0, written));
    }

    /// <summary>A string column's value as UTF-8 bytes (the fast path: no decoding).</summary>
    public void WriteUtf8(int column, ReadOnlySpan<byte> value) => (Column(column, ParquetType.String) as ByteArrayColumnWriter ?? throw TypeMismatch(column, ParquetType.String)).Append(value);

    public void WriteBinary(int column, ReadOnlySpan<byte> value)
    {
        var writer = _columns[column];
        if (writer.Field.Type is not (ParquetType.Binary or ParquetType.String))
        {
            throw TypeMismatch(writer.Field, ParquetType.Binary);
        }
        ((ByteArrayColumnWriter)writer).Append(value);
    }

    public void WriteDecimal(int column, decimal value)
    {
        var writer = _columns[column];
        var field = writer.Field;
        if (field.Type != ParquetType.Decimal)
        {
            throw TypeMismatch(field, ParquetType.Decimal);
        }
        WriteUnscaled(writer, ValueConversions.ToUnscaled(value, field));
    }

    /// <summary>A decimal given as its unscaled integer (value × 10^scale): the fast path for parsers.</summary>
    public void WriteDecimalUnscaled(int column, long unscaled)
    {
        var writer = _columns[column];
        var field = writer.Field;
        if (field.Type != ParquetType.Decimal)
        {
            throw TypeMismatch(field, ParquetType.Decimal);
        }
        if (field.Precision < 19 && Int128.Abs(unscaled) >= DecimalLimits[field.Precision])
        {
            throw new ArgumentException($"column '{field.Name}': unscaled {unscaled} does not fit decimal({field.Precision},{field.Scale})");
        }
        WriteUnscaled(writer, unscaled);
    }

    private static readonly long[] DecimalLimits = [.. Enumerable.Range(0, 19).Select(p => p == 0 ? 1L : (long)Math.Pow(10, p))];

    private static void WriteUnscaled(ColumnWriter writer, Int128 unscaled)
    {
        var field = writer.Field;
        switch (writer)
        {
            case FixedColumnWriter<int> int32:
                int32.Append((int)unscaled);
                break;
            case FixedColumnWriter<long> int64:
                int64.Append((long)unscaled);
                break;
            case ByteArrayColumnWriter bytes:
                Span<byte> buffer = stackalloc byte[SchemaMapping.DecimalByteLength(field.Precision)];
                ValueConversions.WriteBigEndian(unscaled, buffer);
                bytes.Append(buffer);
                break;
        }
    }

    /// <summary>Completes a row set with the typed methods; flushes a row group when it is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    /// <see cref="ParquetWriterOptions.BackgroundFlush"/> the encoding runs on a worker while rows keep coming.
    /// </summary>
    public void FlushRowGroup()
    {
        if (_rowsInGroup == 0)
        {
            return;
        }
        var full = _columns;
        var rows = _rowsInGroup;
        WaitForPendingFlush();
        _rowsInGroup = 0;
        if (_options.BackgroundFlush)
        {
            // Double buffering: the other set of column writers was flushed and reset by the wait above.
            _columns = _spare ?? [.. Schema.Fields.Select(f => SchemaMapping.CreateWriter(f, _options))];
            _spare = full;
            _pendingFlush = Task.Run(() => WriteRowGroup(full, rows));
        }
        else
        {
            WriteRowGroup(full, rows);
        }
    }

    private void WaitForPendingFlush()
    {
        var pending = _pendingFlush;
        _pendingFlush = null;
        pending?.GetAwaiter().GetResult();
    }

    private void WriteRowGroup(ColumnWriter[] columns, int rows)
    {
        var start = _sink.Position;
        var rowGroup = new RowGroup { NumRows = rows, FileOffset = start, Ordinal = (short)Math.Min(_metadata.RowGroups.Count, short.MaxValue) };
        foreach (var column in columns)
        {
            var chunk = column.Flush(_sink);
            rowGroup.Columns.Add(chunk);
            rowGroup.TotalByteSize += chunk.MetaData!.TotalUncompressedSize;
        }
        rowGroup.TotalCompressedSize = _sink.Position - start;
        _metadata.RowGroups.Add(rowGroup);
        _metadata.NumRows += rows;
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
            var existing = _metadata.KeyValueMetadata.FindIndex(p => p.Key == key);
            if (existing >= 0)
            {
                _metadata.KeyValueMetadata[existing] = new KeyValuePair<string, string?>(key, value);
            }
            else
            {
                _metadata.KeyValueMetadata.Add(new KeyValuePair<string, string?>(key, value));
            }
        }
        if (_columns.Any(c => c.Rows != _rowsInGroup))
        {
            throw new InvalidOperationException("the last row was not completed with EndRow");
        }
        FlushRowGroup();
        WaitForPendingFlush();
        _closed = true;
        var footer = new ByteBuffer(4096);
        _metadata.Write(new CompactWriter(footer));
        _sink.WriteRaw(footer.WrittenSpan);
        Span<byte> tail = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length);
        Magic.CopyTo(tail[4..]);
        _sink.WriteRaw(tail);
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
        WaitForPendingFlush();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    /// <summary>
    /// The column's writer if it holds <paramref name="type"/> (BINARY columns also take strings). Callers cast
    /// to the concrete sealed writer class, a single type-handle comparison; a generic helper over the writer
    /// type ran as shared code with a runtime cast helper call on every value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ColumnWriter? Column(int column, ParquetType type)
    {
        var writer = _columns[column];
        var held = writer.Field.Type;
        return held == type || (type == ParquetType.String && held == ParquetType.Binary) ? writer : null;
    }

    private ArgumentException TypeMismatch(int column, ParquetType given) => TypeMismatch(_columns[column].Field, given);

    private static ArgumentException TypeMismatch(ParquetField field, ParquetType given) =>
        new($"column '{field.Name}' is {field.Type}, not {given}");
}
