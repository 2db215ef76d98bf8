namespace DataPort.Privacy.Pipeline;

/// <summary>
/// The records of a CSV file, read forward once. Fields are available as UTF-8 (copied to Parquet without
/// decoding when a column passes unchanged) or as strings (for the columns that are masked).
/// </summary>
public interface ICsvSource : IDisposable
{
    IReadOnlyList<string> Header { get; }

    /// <summary>Moves to the next record; false at the end. Throws <see cref="CsvFormatException"/> on malformed input.</summary>
    bool Read();

    /// <summary>A field of the current record as valid UTF-8 (checked), valid until the next <see cref="Read"/>.</summary>
    ReadOnlySpan<byte> GetUtf8(int field);

    string GetString(int field);

    /// <summary>The 1-based line on which the current record starts.</summary>
    long Line { get; }

    /// <summary>Bytes of the file consumed so far (for progress).</summary>
    long BytesRead { get; }
}

/// <summary>The CSV reader the pipeline uses: DataPort.Tabular's streaming reader behind <see cref="ICsvSource"/>.</summary>
public static class CsvSources
{
    public static ICsvSource Open(string path) => Utf8CsvSource.Open(path);

    public static ICsvSource Create(Stream stream) => new Utf8CsvSource(stream);

    /// <summary>All fields of the current record as strings.</summary>
    public static string[] GetStrings(this ICsvSource source)
    {
        var fields = new string[source.Header.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = source.GetString(i);
        }
        return fields;
    }
}
