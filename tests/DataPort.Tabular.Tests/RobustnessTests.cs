using System.Buffers.Binary;

namespace DataPort.Tabular.Tests;

/// <summary>
/// Corrupt input must end in a ParquetException (or, where a mutation happens to stay valid, a result),
/// within bounded time and memory: never a hang, a crash or another exception type.
/// </summary>
public class RobustnessTests
{
    private static readonly ParquetReaderOptions Limits = new() { MaxRowsPerRowGroup = 1 << 20, MaxColumnChunkBytes = 16 << 20 };
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(10);
    private const long PerFileAllocationLimit = 200L * 1024 * 1024;

    private static readonly Lazy<byte[]> SmallFile = new(() => ParquetFiles.Write(
        ParquetFiles.AllTypesSchema,
        Enumerable.Range(0, 60).Select(ParquetFiles.AllTypesRow).Select(ShortenStrings),
        new ParquetWriterOptions { RowGroupRows = 25, KeyValueMetadata = new Dictionary<string, string> { ["k"] = "v" } }));

    [Fact]
    public void Given_a_file_cut_at_every_length_When_read_Then_each_fails_with_a_ParquetException()
    {
        var file = SmallFile.Value;
        for (var length = 0; length < file.Length; length++)
        {
            var outcome = ReadGuarded(file.AsSpan(0, length).ToArray());
            Assert.True(outcome is ParquetException, $"cut at {length} of {file.Length}: {outcome?.GetType().Name ?? "read without error"}");
        }
    }

    [Fact]
    public void Given_a_fuzz_loop_of_mutated_files_When_read_Then_every_outcome_is_a_result_or_a_ParquetException()
    {
        var file = SmallFile.Value;
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        var footerStart = file.Length - 8 - footerLength;
        var random = new Random(20_261_122);
        var failures = 0;
        for (var iteration = 0; iteration < 400; iteration++)
        {
            var mutated = (byte[])file.Clone();
            var mutations = random.Next(1, 5);
            for (var m = 0; m < mutations; m++)
            {
                // Half the mutations hit the footer, where lengths and offsets live.
                var position = random.Next(2) == 0 ? random.Next(footerStart, file.Length - 8) : random.Next(file.Length);
                mutated[position] = random.Next(3) switch
                {
                    0 => (byte)(mutated[position] ^ (1 << random.Next(8))),
                    1 => 0xFF,
                    _ => (byte)random.Next(256),
                };
            }
            var outcome = ReadGuarded(mutated);
            if (outcome is not null and not ParquetException)
            {
                Assert.Fail($"iteration {iteration}: {outcome.GetType().Name}: {outcome.Message}");
            }
            failures += outcome is null ? 0 : 1;
        }
        Assert.True(failures > 100, $"only {failures} of 400 mutations were detected");
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(5)]
    public void Given_a_footer_length_that_lies_When_read_Then_it_fails_quickly(int footerLength)
    {
        var file = (byte[])SmallFile.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(file.Length - 8), footerLength);

        Assert.IsType<ParquetException>(ReadGuarded(file));
    }

    [Fact]
    public void Given_lying_sizes_inside_the_footer_When_read_Then_they_are_checked_against_the_file()
    {
        var file = SmallFile.Value;
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        var footerStart = file.Length - 8 - footerLength;
        var detected = 0;
        // Every varint in the footer inflated to a huge value, one at a time: counts, sizes, offsets.
        for (var position = footerStart; position < file.Length - 9; position++)
        {
            if (file[position] >= 0x80 || file[position] == 0)
            {
                continue;
            }
            var mutated = new byte[file.Length + 4];
            file.AsSpan(0, position).CopyTo(mutated);
            mutated[position] = 0xFE;
            mutated[position + 1] = 0xFF;
            mutated[position + 2] = 0xFF;
            mutated[position + 3] = 0xFF;
            mutated[position + 4] = 0x07;
            file.AsSpan(position + 1).CopyTo(mutated.AsSpan(position + 5));
            BinaryPrimitives.WriteInt32LittleEndian(mutated.AsSpan(mutated.Length - 8), footerLength + 4);
            var outcome = ReadGuarded(mutated);
            Assert.True(outcome is null or ParquetException, $"byte {position}: {outcome}");
            detected += outcome is null ? 0 : 1;
        }
        Assert.True(detected > 10);
    }

    [Fact]
    public void Given_something_that_is_not_parquet_When_opened_Then_the_message_says_so()
    {
        var error = Assert.IsType<ParquetException>(ReadGuarded("id,name\n1,a\n"u8.ToArray()));

        Assert.Contains("not a Parquet file", error.Message);
    }

    /// <summary>Reads everything on a worker with a deadline and an allocation budget; returns the exception, or null on success.</summary>
    private static Exception? ReadGuarded(byte[] file)
    {
        var task = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using var reader = ParquetReader.Open(new MemoryStream(file), Limits);
                reader.GetInfo();
                foreach (var _ in reader.ReadRows())
                {
                }
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
            finally
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < PerFileAllocationLimit, $"reading a {file.Length}-byte file allocated {allocated} bytes");
            }
        });
        Assert.True(task.Wait(PerFileLimit), $"reading a {file.Length}-byte file did not finish in {PerFileLimit}");
        return task.Result;
    }

    private static object?[] ShortenStrings(object?[] row)
    {
        if (row[4] is string { Length: > 40 } text)
        {
            row[4] = text[..40];
        }
        return row;
    }
}
