namespace DataPort.Privacy.Pipeline;

/// <summary>Where masked rows go. The Parquet implementation is <see cref="ParquetTableWriter"/>.</summary>
public interface IMaskedTableWriter : IDisposable
{
    /// <summary>One row of the released columns; null for an empty value.</summary>
    void WriteRow(ReadOnlySpan<string?> values);

    /// <summary>Finishes the file with metadata that is known only after the last row (the run's report).</summary>
    void Complete(IReadOnlyDictionary<string, string> metadata);
}
