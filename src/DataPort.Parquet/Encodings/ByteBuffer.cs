using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DataPort.Parquet.Encodings;

/// <summary>A growable byte buffer reused across pages, so steady-state writing allocates nothing.</summary>
internal sealed class ByteBuffer(int capacity = 4096) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Length);

    public byte[] RawBuffer => _buffer;

    public void Clear() => Length = 0;

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Length);
    }

    // Inlined into the per-value writers: a call left in tier-0 code while the runtime defers re-compiling showed in profiles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(Length), value);
        Length += 8;
    }

    public void WriteUnsignedVarint(uint value)
    {
        Ensure(5);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[Length++] = (byte)value;
    }

    /// <summary>Grows the capacity to at least <paramref name="capacity"/> bytes in one step.</summary>
    public void Reserve(int capacity)
    {
        if (capacity > _buffer.Length)
        {
            Array.Resize(ref _buffer, capacity);
        }
    }

    /// <summary>Shrinks back after a large page so one outlier does not pin memory for the rest of the file.</summary>
    public void Trim(int keep)
    {
        if (_buffer.Length > keep * 2 && Length <= keep)
        {
            var smaller = new byte[keep];
            _buffer.AsSpan(0, Length).CopyTo(smaller);
            _buffer = smaller;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int extra)
    {
        if ((long)Length + Math.Max(extra, 1) > _buffer.Length)
        {
            Grow(extra);
        }
    }

    private void Grow(int extra)
    {
        var needed = (long)Length + Math.Max(extra, 1);
        var size = Math.Max(needed, Math.Min((long)_buffer.Length * 2, Array.MaxLength));
        if (size > Array.MaxLength)
        {
            throw new InvalidOperationException("buffer would exceed the maximum array size");
        }
        Array.Resize(ref _buffer, (int)size);
    }
}
