namespace DataPort.Tabular.Parquet;

/// <summary>Limits that keep a corrupt or hostile file from making the reader allocate without bound.</summary>
public sealed record ParquetReaderOptions
{
    public static ParquetReaderOptions Default { get; } = new();

    /// <summary>A row group declaring more rows is rejected before anything is allocated for it.</summary>
    public long MaxRowsPerRowGroup { get; init; } = 1 << 24;

    /// <summary>Largest footer accepted.</summary>
    public int MaxFooterBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Largest column chunk (compressed, as stored) read into memory at once.</summary>
    public long MaxColumnChunkBytes { get; init; } = 1L << 30;
}
