namespace DataPort.Parquet.Encodings;

/// <summary>Decodes the RLE / bit-packing hybrid, refusing runs that overrun the input or the expected count.</summary>
internal static class RleHybridDecoder
{
    public static void Decode(ReadOnlySpan<byte> input, int bitWidth, Span<int> output)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new ParquetException($"corrupt Parquet page: bit width {bitWidth} is out of range");
        }
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }
        var byteWidth = (bitWidth + 7) / 8;
        var position = 0;
        var produced = 0;
        while (produced < output.Length)
        {
            var header = ReadVarint(input, ref position);
            if ((header & 1) == 0)
            {
                var count = header >> 1;
                if (count == 0 || position + byteWidth > input.Length)
                {
                    throw Truncated();
                }
                var value = 0;
                for (var b = 0; b < byteWidth; b++)
                {
                    value |= input[position + b] << (8 * b);
                }
                position += byteWidth;
                var take = (int)Math.Min(count, (ulong)(output.Length - produced));
                output.Slice(produced, take).Fill(value);
                produced += take;
            }
            else
            {
                var groups = header >> 1;
                var bytes = groups > (ulong)input.Length ? ulong.MaxValue : groups * (ulong)bitWidth;
                if (bytes > (ulong)(input.Length - position))
                {
                    // Some writers end the final bit-packed run early; decode what is there.
                    bytes = (ulong)(input.Length - position);
                    if (bytes == 0)
                    {
                        throw Truncated();
                    }
                }
                var available = (int)Math.Min(bytes * 8 / (ulong)bitWidth, (ulong)(output.Length - produced));
                Unpack(input.Slice(position, (int)bytes), bitWidth, output.Slice(produced, available));
                position += (int)bytes;
                produced += available;
            }
        }
    }

    private static void Unpack(ReadOnlySpan<byte> input, int bitWidth, Span<int> output)
    {
        var mask = bitWidth == 32 ? ulong.MaxValue >> 32 : (1UL << bitWidth) - 1;
        ulong accumulator = 0;
        var bits = 0;
        var position = 0;
        for (var i = 0; i < output.Length; i++)
        {
            while (bits < bitWidth)
            {
                accumulator |= (ulong)input[position++] << bits;
                bits += 8;
            }
            output[i] = (int)(accumulator & mask);
            accumulator >>= bitWidth;
            bits -= bitWidth;
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> input, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= input.Length)
            {
                throw Truncated();
            }
            var b = input[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw new ParquetException("corrupt Parquet page: run header is too long");
    }

    private static ParquetException Truncated() => new("corrupt Parquet page: RLE data ends before all values were decoded");
}
