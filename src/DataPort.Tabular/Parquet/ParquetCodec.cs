namespace DataPort.Tabular.Parquet;

/// <summary>Page compression: Parquet.Net's codecs (Snappier, ZstdSharp and K4os LZ4, all managed code).</summary>
public enum ParquetCodec
{
    None,
    Snappy,
    Gzip,
    Zstd,
    Lz4,
}
