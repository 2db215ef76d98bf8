using System.Text;
using System.Text.Unicode;
using DataPort.Tabular.Csv;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// The pipeline's view of DataPort.Tabular's streaming CSV reader: a header row, every record as wide as the
/// header, and strictly valid UTF-8 (a mis-encoded file must fail, not turn names into U+FFFD that no
/// detector recognises and no mask covers).
/// </summary>
public sealed class Utf8CsvSource : ICsvSource
{
    private readonly Stream _stream;
    private readonly CsvReader _reader;

    public Utf8CsvSource(Stream stream)
    {
        _stream = stream;
        _reader = new CsvReader(stream);
        if (!Next())
        {
            throw new CsvFormatException(1, "the file is empty (a header row is required)");
        }
        var header = new string[_reader.FieldCount];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = GetStringUnchecked(i).Trim();
        }
        Header = header;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Header)
        {
            if (name.Length == 0)
            {
                throw new CsvFormatException(Line, "the header has an empty column name");
            }
            if (!seen.Add(name))
            {
                throw new CsvFormatException(Line, $"the header names column '{name}' twice");
            }
        }
    }

    public static Utf8CsvSource Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));

    public IReadOnlyList<string> Header { get; }

    public long Line => _reader.LineNumber;

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

    public bool Read()
    {
        if (!Next())
        {
            return false;
        }
        if (_reader.FieldCount != Header.Count)
        {
            throw new CsvFormatException(Line, $"expected {Header.Count} fields as in the header, found {_reader.FieldCount}");
        }
        return true;
    }

    public ReadOnlySpan<byte> GetUtf8(int field)
    {
        var bytes = _reader.GetUtf8(field);
        return Utf8.IsValid(bytes) ? bytes : throw NotUtf8();
    }

    public string GetString(int field) => GetStringUnchecked(field);

    public void Dispose() => _reader.Dispose();

    private string GetStringUnchecked(int field)
    {
        var bytes = _reader.GetUtf8(field);
        if (bytes.IsEmpty)
        {
            return "";
        }
        // Validation first: Encoding.UTF8 would silently substitute U+FFFD.
        return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : throw NotUtf8();
    }

    private CsvFormatException NotUtf8() => new(Line, "the file is not valid UTF-8");

    private bool Next()
    {
        try
        {
            return _reader.Read();
        }
        catch (CsvException e)
        {
            var prefix = $"line {e.LineNumber}: ";
            throw new CsvFormatException(e.LineNumber, e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message);
        }
    }
}
