namespace DataPort.Tabular.Csv;

public sealed record CsvReaderOptions
{
    public static CsvReaderOptions Default { get; } = new();

    public byte Delimiter { get; init; } = (byte)',';

    /// <summary>A record longer than this fails (usually an unclosed quote) instead of swallowing the file.</summary>
    public int MaxRecordBytes { get; init; } = 64 * 1024 * 1024;
}
