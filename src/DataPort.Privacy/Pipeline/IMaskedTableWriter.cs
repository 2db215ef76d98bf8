namespace DataPort.Privacy.Pipeline;

/// <summary>Where masked rows go, column by column. The Parquet implementation is <see cref="ParquetTableWriter"/>.</summary>
public interface IMaskedTableWriter : IDisposable
{
    /// <summary>A value of a released column as UTF-8.</summary>
    void WriteUtf8(int column, ReadOnlySpan<byte> value);

    void WriteNull(int column);

    void EndRow();

    /// <summary>Finishes the file with metadata that is known only after the last row (the run's report).</summary>
    void Complete(IReadOnlyDictionary<string, string> metadata);
}
