using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DataPort.Parquet.Compression;

/// <summary>
/// Snappy raw format (github.com/google/snappy, format_description.txt), written from the format
/// description: a varint length, then literals and back-references. The compressor works on 64 KiB
/// blocks with a hash table of 4-byte sequences, so offsets always fit in two bytes.
/// </summary>
internal static class Snappy
{
    private const int BlockSize = 1 << 16;
    private const int HashBits = 14;
    private const int InputMargin = 15;

    public static int MaxCompressedLength(int length) => 32 + length + length / 6;

    /// <summary>Compresses into <paramref name="output"/> (at least <see cref="MaxCompressedLength"/> bytes); returns the bytes written.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int[] table)
    {
        var op = 0;
        var length = (uint)input.Length;
        while (length >= 0x80)
        {
            output[op++] = (byte)(length | 0x80);
            length >>= 7;
        }
        output[op++] = (byte)length;
        for (var start = 0; start < input.Length; start += BlockSize)
        {
            var block = input.Slice(start, Math.Min(BlockSize, input.Length - start));
            op = CompressBlock(block, output, op, table);
        }
        return op;
    }

    public static int[] CreateTable() => new int[1 << HashBits];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompressBlock(ReadOnlySpan<byte> block, Span<byte> output, int op, int[] table)
    {
        var nextEmit = 0;
        if (block.Length >= InputMargin)
        {
            Array.Clear(table);
            var ipLimit = block.Length - InputMargin;
            var ip = 1;
            while (true)
            {
                // Find a 4-byte match, probing faster the longer nothing matches (incompressible data stays cheap).
                var skip = 32;
                int candidate;
                var current = Load32(block, ip);
                while (true)
                {
                    var hash = Hash(current);
                    candidate = table[hash];
                    table[hash] = ip;
                    if (candidate < ip && Load32(block, candidate) == current && ip - candidate < BlockSize)
                    {
                        break;
                    }
                    ip += skip++ >> 5;
                    if (ip > ipLimit)
                    {
                        goto Remainder;
                    }
                    current = Load32(block, ip);
                }
                op = EmitLiteral(block[nextEmit..ip], output, op);
                while (true)
                {
                    var matched = 4 + MatchLength(block, candidate + 4, ip + 4);
                    op = EmitCopy(ip - candidate, matched, output, op);
                    ip += matched;
                    nextEmit = ip;
                    if (ip >= ipLimit)
                    {
                        goto Remainder;
                    }
                    table[Hash(Load32(block, ip - 1))] = ip - 1;
                    current = Load32(block, ip);
                    var hash = Hash(current);
                    candidate = table[hash];
                    table[hash] = ip;
                    if (Load32(block, candidate) != current)
                    {
                        break;
                    }
                }
                ip++;
                if (ip > ipLimit)
                {
                    goto Remainder;
                }
            }
        }
    Remainder:
        if (nextEmit < block.Length)
        {
            op = EmitLiteral(block[nextEmit..], output, op);
        }
        return op;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MatchLength(ReadOnlySpan<byte> block, int a, int b)
    {
        var matched = 0;
        while (b + 8 <= block.Length)
        {
            var x = BinaryPrimitives.ReadUInt64LittleEndian(block[a..]) ^ BinaryPrimitives.ReadUInt64LittleEndian(block[b..]);
            if (x != 0)
            {
                return matched + (BitOperations.TrailingZeroCount(x) >> 3);
            }
            a += 8;
            b += 8;
            matched += 8;
        }
        while (b < block.Length && block[a] == block[b])
        {
            a++;
            b++;
            matched++;
        }
        return matched;
    }

    private static int EmitLiteral(ReadOnlySpan<byte> literal, Span<byte> output, int op)
    {
        var n = literal.Length - 1;
        if (n < 60)
        {
            output[op++] = (byte)(n << 2);
        }
        else
        {
            var bytes = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
            output[op++] = (byte)((59 + bytes) << 2);
            for (var i = 0; i < bytes; i++)
            {
                output[op++] = (byte)(n >> (8 * i));
            }
        }
        literal.CopyTo(output[op..]);
        return op + literal.Length;
    }

    private static int EmitCopy(int offset, int length, Span<byte> output, int op)
    {
        while (length >= 68)
        {
            op = EmitShortCopy(offset, 64, output, op);
            length -= 64;
        }
        if (length > 64)
        {
            op = EmitShortCopy(offset, 60, output, op);
            length -= 60;
        }
        return EmitShortCopy(offset, length, output, op);
    }

    private static int EmitShortCopy(int offset, int length, Span<byte> output, int op)
    {
        if (length < 12 && offset < 2048)
        {
            output[op++] = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5));
            output[op++] = (byte)offset;
        }
        else
        {
            output[op++] = (byte)(2 | ((length - 1) << 2));
            output[op++] = (byte)offset;
            output[op++] = (byte)(offset >> 8);
        }
        return op;
    }

    private static uint Load32(ReadOnlySpan<byte> block, int position) => BinaryPrimitives.ReadUInt32LittleEndian(block[position..]);

    private static int Hash(uint value) => (int)((value * 0x1E35A7BDu) >> (32 - HashBits));

    /// <summary>Reads the uncompressed length from the preamble.</summary>
    public static int GetUncompressedLength(ReadOnlySpan<byte> input)
    {
        var position = 0;
        return ReadLength(input, ref position);
    }

    /// <summary>Decompresses into exactly <paramref name="output"/>; any inconsistency is a <see cref="ParquetException"/>.</summary>
    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var ip = 0;
        var declared = ReadLength(input, ref ip);
        if (declared != output.Length)
        {
            throw Corrupt($"snappy block declares {declared} bytes, the page header {output.Length}");
        }
        var op = 0;
        while (ip < input.Length)
        {
            var tag = input[ip++];
            int length;
            int offset;
            switch (tag & 3)
            {
                case 0:
                    length = tag >> 2;
                    if (length >= 60)
                    {
                        var bytes = length - 59;
                        if (ip + bytes > input.Length)
                        {
                            throw Corrupt("snappy literal header is truncated");
                        }
                        length = 0;
                        for (var i = 0; i < bytes; i++)
                        {
                            length |= input[ip + i] << (8 * i);
                        }
                        ip += bytes;
                        if (length < 0)
                        {
                            throw Corrupt("snappy literal length is out of range");
                        }
                    }
                    length++;
                    if (length > input.Length - ip || length > output.Length - op)
                    {
                        throw Corrupt("snappy literal runs past the end of the data");
                    }
                    input.Slice(ip, length).CopyTo(output[op..]);
                    ip += length;
                    op += length;
                    continue;
                case 1:
                    if (ip >= input.Length)
                    {
                        throw Corrupt("snappy copy is truncated");
                    }
                    length = 4 + ((tag >> 2) & 7);
                    offset = ((tag >> 5) << 8) | input[ip++];
                    break;
                case 2:
                    if (ip + 2 > input.Length)
                    {
                        throw Corrupt("snappy copy is truncated");
                    }
                    length = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(input[ip..]);
                    ip += 2;
                    break;
                default:
                    if (ip + 4 > input.Length)
                    {
                        throw Corrupt("snappy copy is truncated");
                    }
                    length = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadInt32LittleEndian(input[ip..]);
                    ip += 4;
                    break;
            }
            if (offset <= 0 || offset > op || length > output.Length - op)
            {
                throw Corrupt("snappy back-reference points outside the data");
            }
            if (offset >= length)
            {
                output.Slice(op - offset, length).CopyTo(output[op..]);
                op += length;
            }
            else
            {
                // Overlapping copy repeats the last `offset` bytes (run-length style).
                for (var i = 0; i < length; i++)
                {
                    output[op] = output[op - offset];
                    op++;
                }
            }
        }
        if (op != output.Length)
        {
            throw Corrupt($"snappy data ends after {op} of {output.Length} bytes");
        }
    }

    private static int ReadLength(ReadOnlySpan<byte> input, ref int position)
    {
        uint result = 0;
        for (var shift = 0; shift <= 28; shift += 7)
        {
            if (position >= input.Length)
            {
                throw Corrupt("snappy length is truncated");
            }
            var b = input[position++];
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                if (result > int.MaxValue)
                {
                    throw Corrupt("snappy length is out of range");
                }
                return (int)result;
            }
        }
        throw Corrupt("snappy length is too long");
    }

    private static ParquetException Corrupt(string detail) => new($"corrupt Parquet page: {detail}");
}
