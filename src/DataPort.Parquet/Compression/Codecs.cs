using System.IO.Compression;
using DataPort.Parquet.Encodings;
using DataPort.Parquet.Format;

namespace DataPort.Parquet.Compression;

/// <summary>Page compression for the codecs DataPort supports.</summary>
internal static class Codecs
{
    /// <summary>.NET 10's System.IO.Compression has Deflate, ZLib, GZip and Brotli but no Zstandard.</summary>
    public const string ZstdUnavailable =
        "the ZSTD codec is not available: .NET 10 has no Zstandard implementation in System.IO.Compression; use snappy, gzip or none";

    /// <summary>Deflate cannot expand more than about 1032:1; anything claiming more is a lie.</summary>
    private const long MaxExpansion = 1100;

    public static CompressionCodec ToFormat(ParquetCodec codec) => codec switch
    {
        ParquetCodec.None => CompressionCodec.Uncompressed,
        ParquetCodec.Snappy => CompressionCodec.Snappy,
        ParquetCodec.Gzip => CompressionCodec.Gzip,
        ParquetCodec.Zstd => throw new NotSupportedException(ZstdUnavailable),
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown codec"),
    };

    public static ParquetCodec? FromFormat(CompressionCodec codec) => codec switch
    {
        CompressionCodec.Uncompressed => ParquetCodec.None,
        CompressionCodec.Snappy => ParquetCodec.Snappy,
        CompressionCodec.Gzip => ParquetCodec.Gzip,
        CompressionCodec.Zstd => ParquetCodec.Zstd,
        _ => null,
    };

    /// <summary>Compresses <paramref name="input"/> into <paramref name="output"/> (cleared first).</summary>
    public static void Compress(CompressionCodec codec, ReadOnlySpan<byte> input, ByteBuffer output, int[] snappyTable)
    {
        output.Clear();
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                output.Write(input);
                break;
            case CompressionCodec.Snappy:
                {
                    var span = output.GetSpan(Snappy.MaxCompressedLength(input.Length));
                    output.Advance(Snappy.Compress(input, span, snappyTable));
                    break;
                }
            case CompressionCodec.Gzip:
                {
                    using var stream = new BufferWriterStream(output);
                    using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
                    {
                        gzip.Write(input);
                    }
                    break;
                }
            default:
                throw new NotSupportedException($"codec {codec} is not supported for writing");
        }
    }

    /// <summary>Decompresses a page body; the declared size is checked against what the codec can plausibly produce.</summary>
    public static byte[] Decompress(CompressionCodec codec, ReadOnlySpan<byte> input, int uncompressedSize)
    {
        if (uncompressedSize < 0)
        {
            throw new ParquetException($"corrupt Parquet page: negative uncompressed size {uncompressedSize}");
        }
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                if (uncompressedSize != input.Length)
                {
                    throw new ParquetException($"corrupt Parquet page: uncompressed page of {input.Length} bytes claims {uncompressedSize}");
                }
                return input.ToArray();
            case CompressionCodec.Snappy:
                {
                    // A Snappy element of 2–3 bytes can produce at most 64 bytes.
                    if (uncompressedSize > (long)input.Length * 32 + 64)
                    {
                        throw new ParquetException($"corrupt Parquet page: {input.Length} snappy bytes cannot expand to {uncompressedSize}");
                    }
                    var output = new byte[uncompressedSize];
                    Snappy.Decompress(input, output);
                    return output;
                }
            case CompressionCodec.Gzip:
                {
                    if (uncompressedSize > (long)input.Length * MaxExpansion + 1024)
                    {
                        throw new ParquetException($"corrupt Parquet page: {input.Length} gzip bytes cannot expand to {uncompressedSize}");
                    }
                    var output = new byte[uncompressedSize];
                    try
                    {
                        using var stream = new MemoryStream(input.ToArray(), writable: false);
                        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
                        var read = 0;
                        while (read < output.Length)
                        {
                            var n = gzip.Read(output, read, output.Length - read);
                            if (n == 0)
                            {
                                break;
                            }
                            read += n;
                        }
                        if (read != output.Length || gzip.ReadByte() != -1)
                        {
                            throw new ParquetException($"corrupt Parquet page: gzip data does not decompress to the declared {uncompressedSize} bytes");
                        }
                    }
                    catch (InvalidDataException e)
                    {
                        throw new ParquetException($"corrupt Parquet page: {e.Message}", e);
                    }
                    return output;
                }
            case CompressionCodec.Zstd:
                throw new ParquetException(ZstdUnavailable);
            default:
                throw new ParquetException($"unsupported compression codec {codec}");
        }
    }

    /// <summary>Lets GZipStream write straight into a reusable buffer.</summary>
    private sealed class BufferWriterStream(ByteBuffer buffer) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => buffer.Length;

        public override long Position { get => buffer.Length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer1, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer1, int offset, int count) => buffer.Write(buffer1.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> bytes) => buffer.Write(bytes);
    }
}
