using System.Text;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// RFC 4180 CSV over a stream: UTF-8 (BOM optional), comma separated, a header row, fields quoted with
/// doubled quotes inside, line breaks inside quoted fields. Every record must have as many fields as the header.
/// </summary>
public sealed class CsvSource : ICsvSource
{
    private const int BufferSize = 1 << 16;
    private static readonly System.Buffers.SearchValues<char> UnquotedStops = System.Buffers.SearchValues.Create(",\n\r\"");

    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly List<string> _fields = [];
    private char[] _field = new char[256];
    private int _position;
    private int _length;
    private long _line = 1;
    private bool _atEnd;

    public CsvSource(Stream stream)
    {
        _stream = stream;
        _reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, BufferSize);
        if (!ReadRecord())
        {
            throw new CsvFormatException(1, "the file is empty (a header row is required)");
        }
        Header = [.. _fields];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Header)
        {
            if (name.Length == 0)
            {
                throw new CsvFormatException(1, "the header has an empty column name");
            }
            if (!seen.Add(name))
            {
                throw new CsvFormatException(1, $"the header names column '{name}' twice");
            }
        }
    }

    public static CsvSource Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan));

    public IReadOnlyList<string> Header { get; }

    public long Line { get; private set; }

    public long BytesRead
    {
        get
        {
            try
            {
                return _stream.Position;
            }
            catch (NotSupportedException)
            {
                return 0;
            }
        }
    }

    public bool Read(out string[] fields)
    {
        if (!ReadRecord())
        {
            fields = [];
            return false;
        }
        if (_fields.Count != Header.Count)
        {
            throw new CsvFormatException(Line, $"expected {Header.Count} fields as in the header, found {_fields.Count}");
        }
        fields = [.. _fields];
        return true;
    }

    public void Dispose() => _reader.Dispose();

    private bool Fill()
    {
        if (_atEnd)
        {
            return false;
        }
        try
        {
            _length = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException(_line, "the file is not valid UTF-8");
        }
        _position = 0;
        _atEnd = _length == 0;
        return !_atEnd;
    }

    private bool ReadRecord()
    {
        _fields.Clear();
        if (_position >= _length && !Fill())
        {
            return false;
        }
        Line = _line;
        // A blank line between records is skipped rather than read as a one-field record.
        while (_buffer[_position] is '\n' or '\r')
        {
            if (_buffer[_position] == '\n')
            {
                _line++;
            }
            _position++;
            if (_position >= _length && !Fill())
            {
                return false;
            }
            Line = _line;
        }
        while (true)
        {
            var endOfRecord = _buffer[_position] == '"' ? ReadQuoted() : ReadUnquoted();
            if (endOfRecord)
            {
                return true;
            }
        }
    }

    /// <summary>Reads one unquoted field and its terminator; true when the terminator ended the record.</summary>
    private bool ReadUnquoted()
    {
        var fieldLength = 0;
        while (true)
        {
            var span = _buffer.AsSpan(_position, _length - _position);
            var stop = span.IndexOfAny(UnquotedStops);
            if (stop < 0)
            {
                Append(ref fieldLength, span);
                if (!Fill())
                {
                    _fields.Add(new string(_field, 0, fieldLength));
                    return true;
                }
                continue;
            }
            var c = span[stop];
            if (c == '"')
            {
                throw new CsvFormatException(_line, "a quote inside an unquoted field (quote the whole field and double the quote)");
            }
            _fields.Add(fieldLength == 0 ? new string(span[..stop]) : string.Concat(_field.AsSpan(0, fieldLength), span[..stop]));
            _position += stop + 1;
            return c == ',' ? ReadFieldStartAfterComma() : EndOfLine(c);
        }
    }

    private bool ReadQuoted()
    {
        var start = _line;
        var fieldLength = 0;
        _position++;
        while (true)
        {
            if (_position >= _length && !Fill())
            {
                throw new CsvFormatException(start, "a quoted field is not closed before the end of the file");
            }
            var span = _buffer.AsSpan(_position, _length - _position);
            var quote = span.IndexOf('"');
            var chunk = quote < 0 ? span : span[..quote];
            _line += chunk.Count('\n');
            Append(ref fieldLength, chunk);
            if (quote < 0)
            {
                _position = _length;
                continue;
            }
            _position += quote + 1;
            if (_position >= _length && !Fill())
            {
                _fields.Add(new string(_field, 0, fieldLength));
                return true;
            }
            var next = _buffer[_position];
            if (next == '"')
            {
                Append(ref fieldLength, "\"");
                _position++;
                continue;
            }
            _fields.Add(new string(_field, 0, fieldLength));
            _position++;
            return next switch
            {
                ',' => ReadFieldStartAfterComma(),
                '\n' or '\r' => EndOfLine(next),
                _ => throw new CsvFormatException(_line, $"unexpected '{next}' after a closing quote"),
            };
        }
    }

    // After a comma the record continues; a comma at the very end of the input means one more empty field.
    private bool ReadFieldStartAfterComma()
    {
        if (_position >= _length && !Fill())
        {
            _fields.Add("");
            return true;
        }
        if (_buffer[_position] is '\n' or '\r')
        {
            _fields.Add("");
            var c = _buffer[_position++];
            return EndOfLine(c);
        }
        return false;
    }

    private bool EndOfLine(char terminator)
    {
        if (terminator == '\r')
        {
            if (_position >= _length)
            {
                Fill();
            }
            if (_position < _length && _buffer[_position] == '\n')
            {
                _position++;
            }
        }
        _line++;
        return true;
    }

    private void Append(ref int fieldLength, ReadOnlySpan<char> chars)
    {
        if (fieldLength + chars.Length > _field.Length)
        {
            Array.Resize(ref _field, Math.Max(_field.Length * 2, fieldLength + chars.Length));
        }
        chars.CopyTo(_field.AsSpan(fieldLength));
        fieldLength += chars.Length;
    }
}
