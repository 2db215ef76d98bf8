namespace DataPort.Parquet;

/// <summary>Limits that keep a corrupt or hostile file from making the reader allocate without bound.</summary>
public sealed record ParquetReaderOptions
{
    public static ParquetReaderOptions Default { get; } = new();

    /// <summary>A row group declaring more rows is rejected before anything is allocated for it.</summary>
    public long MaxRowsPerRowGroup { get; init; } = 1 << 24;

    /// <summary>Largest footer accepted.</summary>
    public int MaxFooterBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Largest decompressed page accepted.</summary>
    public int MaxPageBytes { get; init; } = 512 * 1024 * 1024;
}
