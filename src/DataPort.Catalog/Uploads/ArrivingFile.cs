namespace DataPort.Catalog.Uploads;

/// <summary>
/// The start of an arriving body, read to tell Parquet (it begins with <c>PAR1</c>) from CSV, and a stream that
/// gives those bytes back before the rest, so nothing is read twice or lost.
/// </summary>
internal sealed class ArrivingFile : Stream
{
    private static readonly byte[] ParquetMagic = "PAR1"u8.ToArray();
    private readonly Stream _rest;
    private readonly byte[] _head;
    private int _headRead;

    private ArrivingFile(byte[] head, Stream rest)
    {
        _head = head;
        _rest = rest;
    }

    public bool IsParquet => _head.AsSpan().SequenceEqual(ParquetMagic);

    public static async Task<ArrivingFile> PeekAsync(Stream content, CancellationToken cancellationToken)
    {
        var head = new byte[ParquetMagic.Length];
        var filled = 0;
        int read;
        while (filled < head.Length && (read = await content.ReadAsync(head.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }
        return new ArrivingFile(head[..filled], content);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headRead < _head.Length)
        {
            return TakeHead(buffer);
        }
        return _rest.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _headRead < _head.Length ? ValueTask.FromResult(TakeHead(buffer.Span)) : _rest.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int TakeHead(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _head.Length - _headRead);
        _head.AsSpan(_headRead, count).CopyTo(buffer);
        _headRead += count;
        return count;
    }
}
