using System.Buffers;
using System.Text;
using DataPort.Parquet.Compression;
using DataPort.Parquet.Encodings;
using DataPort.Parquet.Thrift;

namespace DataPort.Parquet.Tests;

public class EncodingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(20)]
    [InlineData(32)]
    public void Given_values_with_runs_and_noise_When_RLE_hybrid_encoded_Then_they_decode_unchanged(int bitWidth)
    {
        var random = new Random(bitWidth);
        var max = bitWidth == 32 ? int.MaxValue : (1 << bitWidth) - 1;
        var values = new List<int>();
        while (values.Count < 5000)
        {
            var value = random.Next(0, max) | (bitWidth == 32 && random.Next(2) == 0 ? int.MinValue : 0);
            values.AddRange(Enumerable.Repeat(value, random.Next(3) == 0 ? random.Next(1, 100) : 1));
        }
        var buffer = new ByteBuffer();

        RleHybridEncoder.Encode(values.ToArray(), bitWidth, buffer);
        var decoded = new int[values.Count];
        RleHybridDecoder.Decode(buffer.WrittenSpan, bitWidth, decoded);

        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Given_RLE_data_that_ends_early_When_decoded_Then_it_is_a_ParquetException()
    {
        var buffer = new ByteBuffer();
        RleHybridEncoder.EncodeRun(1, 10, 1, buffer);

        Assert.Throws<ParquetException>(() => RleHybridDecoder.Decode(buffer.WrittenSpan, 1, new int[11]));
    }

    public static TheoryData<string> SnappyInputs => new()
    {
        "",
        "a",
        "hello hello hello hello hello hello hello hello",
        new string('x', 200_000),
        string.Concat(Enumerable.Range(0, 30_000).Select(i => $"row {i % 977},")),
        "random",
    };

    [Theory]
    [MemberData(nameof(SnappyInputs))]
    public void Given_data_When_snappy_compressed_Then_it_decompresses_to_the_same_bytes(string text)
    {
        var input = text == "random" ? RandomBytes(300_000) : Encoding.UTF8.GetBytes(text);
        var output = new byte[Snappy.MaxCompressedLength(input.Length)];

        var length = Snappy.Compress(input, output, Snappy.CreateTable());
        var restored = new byte[Snappy.GetUncompressedLength(output.AsSpan(0, length))];
        Snappy.Decompress(output.AsSpan(0, length), restored);

        Assert.Equal(input, restored);
        if (text.Length > 1000)
        {
            Assert.True(length < input.Length / 4, $"repetitive text should compress well, got {length} of {input.Length}");
        }
    }

    [Fact]
    public void Given_a_hand_made_snappy_block_from_the_format_description_When_decompressed_Then_the_copy_overlaps_correctly()
    {
        // Length 9, literal "ab" (tag (2-1)<<2), then a 1-byte-offset copy of length 7 at offset 2 ((7-4)<<2 | 1).
        byte[] block = [9, 1 << 2, (byte)'a', (byte)'b', (3 << 2) | 1, 2];
        var output = new byte[9];

        Snappy.Decompress(block, output);

        Assert.Equal("ababababa", Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Given_a_snappy_copy_before_the_start_When_decompressed_Then_it_is_refused()
    {
        byte[] block = [9, 1 << 2, (byte)'a', (byte)'b', (3 << 2) | 1, 5];

        Assert.Throws<ParquetException>(() => Snappy.Decompress(block, new byte[9]));
    }

    [Fact]
    public void Given_field_ids_far_apart_When_thrift_compact_encoded_Then_the_long_header_form_reads_back()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new CompactWriter(buffer);
        writer.BeginStruct();
        writer.FieldI32(1, -5);
        writer.FieldI64(40, long.MinValue);
        writer.FieldString(41, "厦门");
        writer.FieldBool(42, true);
        writer.EndStruct();

        var reader = new CompactReader(buffer.WrittenSpan);
        reader.BeginStruct();
        Assert.True(reader.NextField(out var id, out _));
        Assert.Equal((1, -5), (id, reader.ReadI32()));
        Assert.True(reader.NextField(out id, out _));
        Assert.Equal((40, long.MinValue), (id, reader.ReadI64()));
        Assert.True(reader.NextField(out id, out _));
        Assert.Equal((41, "厦门"), (id, reader.ReadString()));
        Assert.True(reader.NextField(out id, out var type));
        Assert.Equal((42, true), (id, CompactReader.ReadBool(type)));
        Assert.False(reader.NextField(out _, out _));
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
