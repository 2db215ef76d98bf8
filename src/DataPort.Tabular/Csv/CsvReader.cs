using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace DataPort.Tabular.Csv;

/// <summary>
/// A streaming RFC 4180 reader over UTF-8 bytes: quoted fields may hold delimiters, doubled quotes and
/// line breaks. Only the current record is held in memory, so files of any size read in flat memory.
/// Fields are exposed as UTF-8 spans (valid until the next <see cref="Read"/>) to avoid decoding what is
/// only parsed as a number or copied into Parquet as bytes.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private static readonly SearchValues<byte> Specials = SearchValues.Create(",\r\n"u8);
    private static readonly SearchValues<byte> LineStops = SearchValues.Create("\r\n\""u8);
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte _delimiter;
    private readonly SearchValues<byte> _stops;
    // Instance copies of the static sets: read per line by hot code that may be compiled before the class is initialised.
    private readonly SearchValues<byte> _lineStops = LineStops;
    private readonly int _maxRecordBytes;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _position;
    private int _end;
    private bool _eof;
    private bool _started;
    private byte[] _record = new byte[1024];
    private byte[] _source;
    private int _recordLength;
    private int[] _fieldStarts = new int[64];
    private int[] _fieldEnds = new int[64];
    private long _nextLine = 1;

    public CsvReader(Stream stream, CsvReaderOptions? options = null, bool leaveOpen = false)
    {
        options ??= CsvReaderOptions.Default;
        _stream = stream;
        _leaveOpen = leaveOpen;
        _delimiter = options.Delimiter;
        _stops = options.Delimiter == (byte)',' ? Specials : SearchValues.Create([options.Delimiter, (byte)'\r', (byte)'\n']);
        _maxRecordBytes = options.MaxRecordBytes;
        _source = _record;
    }

    public static CsvReader Open(string path, CsvReaderOptions? options = null) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), options);

    /// <summary>Fields in the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>1-based line on which the current record starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>1-based number of the current record (the header, if any, is record 1).</summary>
    public long RecordNumber { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> GetUtf8(int field)
    {
        if ((uint)field >= (uint)FieldCount)
        {
            ThrowNoSuchField(field);
        }
        var start = _fieldStarts[field];
        return _source.AsSpan(start, _fieldEnds[field] - start);
    }

    private void ThrowNoSuchField(int field) =>
        throw new ArgumentOutOfRangeException(nameof(field), field, $"line {LineNumber} has {FieldCount} fields");

    public string GetString(int field) => Encoding.UTF8.GetString(GetUtf8(field));

    /// <summary>All fields of the current record as strings (for headers and small files).</summary>
    public string[] GetStrings()
    {
        var result = new string[FieldCount];
        for (var i = 0; i < FieldCount; i++)
        {
            result[i] = GetString(i);
        }
        return result;
    }

    /// <summary>Moves to the next record; false at the end of the input. Blank lines are skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        if (!_started)
        {
            _started = true;
            SkipByteOrderMark();
        }
        while (true)
        {
            if (!EnsureData())
            {
                FieldCount = 0;
                return false;
            }
            var first = _buffer[_position];
            if (first is (byte)'\n' or (byte)'\r')
            {
                ConsumeNewline();
                continue;
            }
            break;
        }
        LineNumber = _nextLine;
        RecordNumber++;
        _recordLength = 0;
        FieldCount = 0;
        if (TryReadSimpleLine())
        {
            return true;
        }
        _source = _record;
        while (true)
        {
            var start = _recordLength;
            if (EnsureData() && _buffer[_position] == (byte)'"')
            {
                _position++;
                ReadQuoted();
            }
            else
            {
                ReadUnquoted();
            }
            AddField(start, _recordLength);
            if (!EnsureData())
            {
                return true;
            }
            var next = _buffer[_position];
            if (next == _delimiter)
            {
                _position++;
                continue;
            }
            ConsumeNewline();
            return true;
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>
    /// Fast path for the common record: no quotes and wholly inside the buffer. Fields then point into the
    /// read buffer itself, nothing is copied; anything else takes the general path.
    /// </summary>
    private bool TryReadSimpleLine() => Vector256.IsHardwareAccelerated ? TryReadSimpleLineVectorized() : TryReadSimpleLineScalar();

    /// <summary>
    /// The fast path in one sweep: 32 bytes at a time are compared with the delimiter, CR, LF and quote at
    /// once, and the set bits of the match mask are the field boundaries (searching field by field cost a
    /// call and set-up per field).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadSimpleLineVectorized()
    {
        var span = _buffer.AsSpan(_position, _end - _position);
        var start = _position;
        var delimiter = Vector256.Create(_delimiter);
        var cr = Vector256.Create((byte)'\r');
        var lf = Vector256.Create((byte)'\n');
        var quote = Vector256.Create((byte)'"');
        var fieldStart = 0;
        for (var chunk = 0; chunk < span.Length; chunk += Vector256<byte>.Count)
        {
            uint mask;
            if (chunk + Vector256<byte>.Count <= span.Length)
            {
                var bytes = Vector256.Create(span.Slice(chunk, Vector256<byte>.Count));
                mask = (Vector256.Equals(bytes, delimiter) | Vector256.Equals(bytes, cr) | Vector256.Equals(bytes, lf) | Vector256.Equals(bytes, quote))
                    .ExtractMostSignificantBits();
            }
            else
            {
                mask = TailMask(span[chunk..]);
            }
            while (mask != 0)
            {
                var at = chunk + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                var c = span[at];
                if (c == _delimiter)
                {
                    AddField(start + fieldStart, start + at);
                    fieldStart = at + 1;
                    continue;
                }
                if (c == (byte)'"')
                {
                    FieldCount = 0;
                    return false;
                }
                return EndSimpleLine(span, at, fieldStart);
            }
        }
        FieldCount = 0;
        return false;
    }

    private uint TailMask(ReadOnlySpan<byte> tail)
    {
        uint mask = 0;
        for (var i = 0; i < tail.Length; i++)
        {
            var c = tail[i];
            if (c == _delimiter || c is (byte)'\r' or (byte)'\n' or (byte)'"')
            {
                mask |= 1u << i;
            }
        }
        return mask;
    }

    /// <summary>Closes a simple line at the CR or LF at <paramref name="stop"/>; false (nothing consumed) if a CR ends the buffer.</summary>
    private bool EndSimpleLine(ReadOnlySpan<byte> span, int stop, int fieldStart)
    {
        var lineEnd = stop + 1;
        if (span[stop] == (byte)'\r')
        {
            // A CR at the very end of the buffer could be half of a CRLF: let the general path refill.
            if (stop + 1 >= span.Length)
            {
                FieldCount = 0;
                return false;
            }
            if (span[stop + 1] == (byte)'\n')
            {
                lineEnd++;
            }
        }
        AddField(_position + fieldStart, _position + stop);
        _source = _buffer;
        _position += lineEnd;
        _nextLine++;
        return true;
    }

    private bool TryReadSimpleLineScalar()
    {
        var span = _buffer.AsSpan(_position, _end - _position);
        var stop = span.IndexOfAny(_lineStops);
        if (stop < 0 || span[stop] == (byte)'"')
        {
            return false;
        }
        var line = span[..stop];
        var offset = 0;
        while (true)
        {
            var comma = line[offset..].IndexOf(_delimiter);
            if (comma < 0)
            {
                return EndSimpleLine(span, stop, offset);
            }
            AddField(_position + offset, _position + offset + comma);
            offset += comma + 1;
        }
    }

    private void ReadUnquoted()
    {
        while (EnsureData())
        {
            var span = _buffer.AsSpan(_position, _end - _position);
            var stop = span.IndexOfAny(_stops);
            if (stop >= 0)
            {
                Append(span[..stop]);
                _position += stop;
                return;
            }
            Append(span);
            _position = _end;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadQuoted()
    {
        var startLine = _nextLine;
        while (true)
        {
            if (!EnsureData())
            {
                throw new CsvException("a quoted field is not closed before the end of the file", startLine);
            }
            var span = _buffer.AsSpan(_position, _end - _position);
            var quote = span.IndexOf((byte)'"');
            var chunk = quote >= 0 ? span[..quote] : span;
            _nextLine += chunk.Count((byte)'\n');
            Append(chunk);
            if (quote < 0)
            {
                _position = _end;
                continue;
            }
            _position += quote + 1;
            if (EnsureData() && _buffer[_position] == (byte)'"')
            {
                Append("\""u8);
                _position++;
                continue;
            }
            if (EnsureData())
            {
                var next = _buffer[_position];
                if (next != _delimiter && next is not ((byte)'\r' or (byte)'\n'))
                {
                    throw new CsvException($"unexpected '{(char)next}' after a closing quote", _nextLine);
                }
            }
            return;
        }
    }

    private void ConsumeNewline()
    {
        if (_buffer[_position] == (byte)'\r')
        {
            _position++;
            if (EnsureData() && _buffer[_position] == (byte)'\n')
            {
                _position++;
            }
        }
        else
        {
            _position++;
        }
        _nextLine++;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }
        var needed = _recordLength + bytes.Length;
        if (needed > _maxRecordBytes)
        {
            throw new CsvException($"a record is longer than {_maxRecordBytes} bytes (an unclosed quote?)", LineNumber);
        }
        if (needed > _record.Length)
        {
            Array.Resize(ref _record, Math.Max(needed, _record.Length * 2));
        }
        bytes.CopyTo(_record.AsSpan(_recordLength));
        _recordLength = needed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddField(int start, int end)
    {
        if (FieldCount == _fieldStarts.Length)
        {
            Array.Resize(ref _fieldStarts, FieldCount * 2);
            Array.Resize(ref _fieldEnds, FieldCount * 2);
        }
        _fieldStarts[FieldCount] = start;
        _fieldEnds[FieldCount] = end;
        FieldCount++;
    }

    private void SkipByteOrderMark()
    {
        if (EnsureData() && _end - _position >= 3 && _buffer.AsSpan(_position, 3).SequenceEqual("\uFEFF"u8))
        {
            _position += 3;
        }
    }

    private bool EnsureData()
    {
        if (_position < _end)
        {
            return true;
        }
        if (_eof)
        {
            return false;
        }
        var total = 0;
        // Fill at least 3 bytes where possible so the byte-order mark check sees it whole.
        while (total < 3)
        {
            var read = _stream.Read(_buffer, total, _buffer.Length - total);
            if (read == 0)
            {
                _eof = true;
                break;
            }
            total += read;
        }
        _position = 0;
        _end = total;
        return total > 0;
    }
}
