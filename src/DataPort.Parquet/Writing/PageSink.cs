using DataPort.Parquet.Compression;
using DataPort.Parquet.Encodings;
using DataPort.Parquet.Format;
using DataPort.Parquet.Thrift;

namespace DataPort.Parquet.Writing;

/// <summary>Compresses pages and appends them (header, then body) to the output, tracking the file offset itself so the stream need not be seekable.</summary>
internal sealed class PageSink(Stream output, CompressionCodec codec)
{
    private readonly ByteBuffer _compressed = new(64 * 1024);
    private readonly ByteBuffer _header = new(256);
    private readonly int[] _snappyTable = Snappy.CreateTable();

    public long Position { get; private set; }

    public CompressionCodec Codec => codec;

    /// <summary>Reusable buffer in which column writers assemble an uncompressed page body.</summary>
    public ByteBuffer Body { get; } = new(64 * 1024);

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        Position += bytes.Length;
    }

    /// <summary>Writes the page held in <see cref="Body"/>; returns (compressed, uncompressed) bytes including the header.</summary>
    public (long Compressed, long Uncompressed) WritePage(PageType type, int numValues, ValueEncoding encoding)
    {
        Codecs.Compress(codec, Body.WrittenSpan, _compressed, _snappyTable);
        var header = new PageHeader
        {
            Type = type,
            UncompressedPageSize = Body.Length,
            CompressedPageSize = _compressed.Length,
            NumValues = numValues,
            Encoding = encoding,
        };
        _header.Clear();
        header.Write(new CompactWriter(_header));
        WriteRaw(_header.WrittenSpan);
        WriteRaw(_compressed.WrittenSpan);
        var result = (_header.Length + (long)_compressed.Length, _header.Length + (long)Body.Length);
        Body.Clear();
        Body.Trim(4 * 1024 * 1024);
        _compressed.Trim(4 * 1024 * 1024);
        return result;
    }
}
