namespace DataPort.Tabular.Parquet;

public sealed record ParquetWriterOptions
{
    public static ParquetWriterOptions Default { get; } = new();

    public ParquetCodec Codec { get; init; } = ParquetCodec.Snappy;

    /// <summary>Rows buffered before a row group is flushed: this bounds the writer's memory.</summary>
    public int RowGroupRows { get; init; } = 122_880;

    /// <summary>
    /// Encode and compress a full row group on a worker thread while the next one fills (output is
    /// identical either way); memory then holds up to two row groups.
    /// </summary>
    public bool BackgroundFlush { get; init; } = true;

    /// <summary>Written to the footer (DataPort puts dataset id, version, content hash and masking policy here).</summary>
    public IReadOnlyDictionary<string, string> KeyValueMetadata { get; init; } = new Dictionary<string, string>();
}
