namespace DataPort.Privacy.Pipeline;

/// <summary>
/// The rows of a CSV file, read forward once. The pipeline needs only this much of a CSV reader, so the
/// streaming reader of DataPort.Parquet (or any other) can stand behind it.
/// </summary>
public interface ICsvSource : IDisposable
{
    IReadOnlyList<string> Header { get; }

    /// <summary>Reads the next record; false at the end. Throws <see cref="CsvFormatException"/> on malformed input.</summary>
    bool Read(out string[] fields);

    /// <summary>The 1-based line on which the last record read started.</summary>
    long Line { get; }

    /// <summary>Bytes of the file consumed so far (for progress).</summary>
    long BytesRead { get; }
}

/// <summary>The CSV reader the pipeline uses: DataPort.Parquet's streaming reader behind <see cref="ICsvSource"/>.</summary>
public static class CsvSources
{
    public static ICsvSource Open(string path) => Utf8CsvSource.Open(path);

    public static ICsvSource Create(Stream stream) => new Utf8CsvSource(stream);
}
