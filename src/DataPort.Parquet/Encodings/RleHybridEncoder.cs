using System.Runtime.CompilerServices;

namespace DataPort.Parquet.Encodings;

/// <summary>
/// The RLE / bit-packing hybrid of the Parquet spec (definition levels and dictionary indices):
/// runs of eight or more equal values become an RLE run, everything else is bit-packed in groups of eight.
/// </summary>
internal static class RleHybridEncoder
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, ByteBuffer output)
    {
        var byteWidth = (bitWidth + 7) / 8;
        var i = 0;
        while (i < values.Length)
        {
            var run = RunLength(values, i);
            if (run >= 8)
            {
                output.WriteUnsignedVarint((uint)run << 1);
                var value = values[i];
                for (var b = 0; b < byteWidth; b++)
                {
                    output.WriteByte((byte)(value >> (8 * b)));
                }
                i += run;
                continue;
            }
            var start = i;
            var groups = 0;
            do
            {
                i = Math.Min(i + 8, values.Length);
                groups++;
            }
            while (i < values.Length && RunLength(values, i) < 8);
            output.WriteUnsignedVarint(((uint)groups << 1) | 1);
            BitPack(values[start..i], bitWidth, groups * 8, output);
        }
    }

    /// <summary>A run of one value repeated <paramref name="count"/> times (all-present definition levels).</summary>
    public static void EncodeRun(int value, int count, int bitWidth, ByteBuffer output)
    {
        if (count == 0)
        {
            return;
        }
        output.WriteUnsignedVarint((uint)count << 1);
        for (var b = 0; b < (bitWidth + 7) / 8; b++)
        {
            output.WriteByte((byte)(value >> (8 * b)));
        }
    }

    private static int RunLength(ReadOnlySpan<int> values, int start)
    {
        var value = values[start];
        var end = start + 1;
        while (end < values.Length && values[end] == value)
        {
            end++;
        }
        return end - start;
    }

    /// <summary>Packs values least-significant bit first; the tail up to <paramref name="paddedCount"/> is zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BitPack(ReadOnlySpan<int> values, int bitWidth, int paddedCount, ByteBuffer output)
    {
        var totalBytes = paddedCount * bitWidth / 8;
        var span = output.GetSpan(totalBytes)[..totalBytes];
        span.Clear();
        ulong accumulator = 0;
        var bits = 0;
        var position = 0;
        foreach (var value in values)
        {
            accumulator |= (ulong)(uint)value << bits;
            bits += bitWidth;
            while (bits >= 8)
            {
                span[position++] = (byte)accumulator;
                accumulator >>= 8;
                bits -= 8;
            }
        }
        if (bits > 0)
        {
            span[position] = (byte)accumulator;
        }
        output.Advance(totalBytes);
    }
}
