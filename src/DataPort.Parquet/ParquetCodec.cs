namespace DataPort.Parquet;

/// <summary>Page compression. Zstd is listed because the format has it; .NET 10 ships no Zstandard
/// implementation, so choosing it fails with a clear message (see <see cref="Compression.Codecs"/>).</summary>
public enum ParquetCodec
{
    None,
    Snappy,
    Gzip,
    Zstd,
}
