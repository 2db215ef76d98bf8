namespace DataPort.Tabular.Tests;

public class RoundTripTests
{
    [Theory]
    [MemberData(nameof(ParquetFiles.EveryCodec), MemberType = typeof(ParquetFiles))]
    public void Given_rows_of_every_type_When_written_and_read_Then_every_value_is_identical(ParquetCodec codec)
    {
        var rows = Enumerable.Range(0, 1500).Select(ParquetFiles.AllTypesRow).ToList();
        var file = ParquetFiles.Write(ParquetFiles.AllTypesSchema, rows, new ParquetWriterOptions { Codec = codec, RowGroupRows = 700 });

        var read = ParquetFiles.ReadRows(file);

        Assert.Equal(rows.Count, read.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            AssertRow(rows[r], read[r], r);
        }
    }

    [Fact]
    public void Given_no_rows_When_written_Then_the_file_has_the_schema_and_no_row_groups()
    {
        var file = ParquetFiles.Write(ParquetFiles.AllTypesSchema, []);

        using var reader = ParquetFiles.Open(file);
        Assert.Equal(0, reader.RowCount);
        Assert.Equal(0, reader.RowGroupCount);
        Assert.Equal(ParquetFiles.AllTypesSchema.Fields, reader.Schema.Fields);
        Assert.Empty(reader.ReadRows());
    }

    [Fact]
    public void Given_one_row_When_written_Then_it_reads_back()
    {
        var row = ParquetFiles.AllTypesRow(1);
        var read = ParquetFiles.ReadRows(ParquetFiles.Write(ParquetFiles.AllTypesSchema, [row]));

        AssertRow(row, Assert.Single(read), 0);
    }

    [Fact]
    public void Given_small_row_groups_When_many_rows_are_written_Then_there_are_many_row_groups_in_order()
    {
        var schema = new ParquetSchema(new ParquetField("n", ParquetType.Int64, Nullable: false), new ParquetField("s", ParquetType.String));
        var rows = Enumerable.Range(0, 10_000).Select(i => new object?[] { (long)i, i % 3 == 0 ? null : $"v{i % 50}" }).ToList();

        var file = ParquetFiles.Write(schema, rows, new ParquetWriterOptions { RowGroupRows = 128 });

        using var reader = ParquetFiles.Open(file);
        Assert.Equal(79, reader.RowGroupCount);
        var read = reader.ReadRows().ToList();
        Assert.Equal(rows.Select(r => r[0]), read.Select(r => r[0]));
        Assert.Equal(rows.Select(r => r[1]), read.Select(r => r[1]));
    }

    [Fact]
    public void Given_a_reader_stopped_after_its_first_row_When_disposed_Then_nothing_reads_the_file_afterwards()
    {
        var rows = Enumerable.Range(0, 2000).Select(ParquetFiles.AllTypesRow).ToList();
        var file = ParquetFiles.Write(ParquetFiles.AllTypesSchema, rows, new ParquetWriterOptions { RowGroupRows = 100 });

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stream = new WatchedStream(file);
            using (var reader = ParquetReader.Open(stream))
            {
                Assert.Equal(rows[0][0], reader.ReadRows().First()[0]);
            }
            Assert.Equal(0, stream.ReadsAfterDispose);
        }
        using var whole = ParquetFiles.Open(file);
        Assert.Equal(rows.Select(r => r[0]), whole.ReadRowGroups().SelectMany(g => g[0].Values));
    }

    /// <summary>A file in memory that counts the reads made after it was closed (a prefetch left running).</summary>
    private sealed class WatchedStream(byte[] file) : MemoryStream(file)
    {
        private bool _disposed;

        public int ReadsAfterDispose { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_disposed)
            {
                ReadsAfterDispose++;
                return 0;
            }
            return base.Read(buffer, offset, count);
        }

        // Stream's own span and async reads come back to the array read above.
        public override int Read(Span<byte> buffer)
        {
            var array = new byte[buffer.Length];
            var read = Read(array, 0, array.Length);
            array.AsSpan(0, read).CopyTo(buffer);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        protected override void Dispose(bool disposing)
        {
            _disposed = true;
            base.Dispose(disposing);
        }
    }

    [Fact]
    public void Given_only_nulls_empty_strings_and_long_Chinese_text_When_round_tripped_Then_each_is_kept()
    {
        var schema = new ParquetSchema(new ParquetField("text", ParquetType.String));
        var longChinese = string.Concat(Enumerable.Repeat("厦门数据港公共数据授权运营", 20_000));
        object?[][] rows = [[null], [""], [longChinese], [null], ["", ], ["混合 mixed ✓"]];

        var read = ParquetFiles.ReadRows(ParquetFiles.Write(schema, rows));

        Assert.Equal(rows.Select(r => r[0]), read.Select(r => r[0]));
    }

    [Fact]
    public void Given_doubles_that_compare_equal_but_differ_in_bits_When_dictionary_encoded_Then_each_keeps_its_bits()
    {
        double[] values = [0.0, -0.0, double.NaN, BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001), 1.5, 0.0, -0.0];
        var rows = Enumerable.Range(0, 700).Select(i => new object?[] { values[i % values.Length] }).ToList();

        var read = ParquetFiles.ReadRows(ParquetFiles.Write(new ParquetSchema(new ParquetField("x", ParquetType.Double, Nullable: false)), rows));

        Assert.Equal(rows.Select(r => BitConverter.DoubleToInt64Bits((double)r[0]!)), read.Select(r => BitConverter.DoubleToInt64Bits((double)r[0]!)));
    }

    [Fact]
    public void Given_unique_strings_beside_repeating_ones_When_written_Then_only_the_repeating_column_is_dictionary_encoded()
    {
        var schema = new ParquetSchema(new ParquetField("id", ParquetType.String), new ParquetField("kind", ParquetType.String));
        var rows = Enumerable.Range(0, 5000).Select(i => new object?[] { Guid.NewGuid().ToString(), $"kind-{i % 4}" }).ToList();

        var file = ParquetFiles.Write(schema, rows);

        using var reader = ParquetFiles.Open(file);
        var chunks = reader.GetInfo().RowGroups[0].Columns;
        Assert.DoesNotContain(chunks[0].Encodings, e => e.EndsWith("DICTIONARY", StringComparison.Ordinal));
        Assert.Contains(chunks[1].Encodings, e => e.EndsWith("DICTIONARY", StringComparison.Ordinal));
        var read = reader.ReadRows().ToList();
        Assert.Equal(rows.Select(r => r[0]), read.Select(r => r[0]));
        Assert.Equal(rows.Select(r => r[1]), read.Select(r => r[1]));
    }

    [Fact]
    public void Given_key_value_metadata_When_written_Then_the_footer_carries_it()
    {
        var metadata = new Dictionary<string, string>
        {
            ["dataport.dataset"] = "ds-42",
            ["dataport.version"] = "3",
            ["dataport.contentHash"] = "sm3:abcdef",
            ["dataport.maskingPolicy"] = "grade-3 / 脱敏",
        };
        var file = ParquetFiles.Write(new ParquetSchema(new ParquetField("x", ParquetType.Int32)), [[1]],
            new ParquetWriterOptions { KeyValueMetadata = metadata });

        using var reader = ParquetFiles.Open(file);
        Assert.Equal(metadata, reader.KeyValueMetadata.ToDictionary(p => p.Key, p => p.Value!));
    }

    [Fact]
    public void Given_metadata_known_only_after_the_rows_When_closing_with_it_Then_the_footer_carries_it_replacing_same_keys()
    {
        using var stream = new MemoryStream();
        var options = new ParquetWriterOptions
        {
            KeyValueMetadata = new Dictionary<string, string> { ["dataport.dataset"] = "ds-42", ["dataport.contentHash"] = "pending" },
        };
        using (var writer = ParquetWriter.Create(stream, new ParquetSchema(new ParquetField("x", ParquetType.Int32)), options, leaveOpen: true))
        {
            writer.WriteRow([1]);
            writer.Close([new("dataport.contentHash", "sm3:abcdef"), new("dataport.report", "{\"rows\":1}")]);
        }

        using var reader = ParquetFiles.Open(stream.ToArray());
        Assert.Equal(
            [new("dataport.dataset", "ds-42"), new("dataport.contentHash", "sm3:abcdef"), new("dataport.report", "{\"rows\":1}")],
            reader.KeyValueMetadata);
    }

    [Fact]
    public void Given_values_When_written_Then_statistics_hold_min_max_and_null_count_in_the_type_order()
    {
        var schema = new ParquetSchema(
            new ParquetField("s", ParquetType.String),
            new ParquetField("n", ParquetType.Int64),
            new ParquetField("d", ParquetType.Double),
            ParquetField.Decimal("w", 30, 2),
            new ParquetField("day", ParquetType.Date));
        object?[][] rows =
        [
            ["z", 5L, double.NaN, -5.5m, new DateOnly(2024, 5, 1)],
            ["é", -7L, 2.5, 100m, null],
            [null, 3L, -1.0, -1000.25m, new DateOnly(1999, 1, 1)],
            ["a", null, null, 0m, null],
        ];

        using var reader = ParquetFiles.Open(ParquetFiles.Write(schema, rows));
        var stats = reader.GetInfo().RowGroups[0].Columns.Select(c => c.Statistics!).ToList();

        // Strings compare as unsigned bytes: "é" (0xC3 0xA9) sorts after "z".
        Assert.Equal(("a", "é", 1L), ((string)stats[0].Min!, (string)stats[0].Max!, stats[0].NullCount!.Value));
        Assert.Equal((-7L, 5L, 1L), ((long)stats[1].Min!, (long)stats[1].Max!, stats[1].NullCount!.Value));
        // Parquet.Net's bounds of a chunk holding NaN are NaN, which bound nothing: they are not reported.
        Assert.Equal((null, null), (stats[2].Min, stats[2].Max));
        Assert.Equal((-1000.25m, 100m), ((decimal)stats[3].Min!, (decimal)stats[3].Max!));
        Assert.Equal((new DateOnly(1999, 1, 1), new DateOnly(2024, 5, 1), 2L), ((DateOnly)stats[4].Min!, (DateOnly)stats[4].Max!, stats[4].NullCount!.Value));
    }

    [Fact]
    public void Given_a_writer_When_rows_break_the_schema_Then_the_error_names_the_column()
    {
        var schema = new ParquetSchema(new ParquetField("id", ParquetType.Int64, Nullable: false), ParquetField.Decimal("p", 5, 2));
        using var writer = ParquetWriter.Create(new MemoryStream(), schema);

        Assert.Contains("'id'", Assert.Throws<ArgumentException>(() => writer.WriteRow([null, 1m])).Message);
        Assert.Contains("'p'", Assert.Throws<ArgumentException>(() => writer.WriteRow([1L, "x"])).Message);
        Assert.Contains("'p'", Assert.Throws<ArgumentException>(() => writer.WriteRow([1L, 1.234m])).Message);
        Assert.Contains("'p'", Assert.Throws<ArgumentException>(() => writer.WriteRow([1L, 1000m])).Message);
    }

    [Fact]
    public void Given_the_typed_api_When_a_column_is_skipped_Then_EndRow_says_which()
    {
        var schema = new ParquetSchema(new ParquetField("a", ParquetType.Int64), new ParquetField("b", ParquetType.String));
        using var stream = new MemoryStream();
        using var writer = ParquetWriter.Create(stream, schema, leaveOpen: true);
        writer.WriteInt64(0, 1);
        writer.WriteUtf8(1, "x"u8);
        writer.EndRow();
        writer.WriteInt64(0, 2);

        Assert.Contains("'b'", Assert.Throws<InvalidOperationException>(writer.EndRow).Message);
        writer.WriteString(1, "y");
        writer.EndRow();
        writer.Close();
        Assert.Equal([[1L, "x"], [2L, "y"]], ParquetFiles.ReadRows(stream.ToArray()));
    }

    private static void AssertRow(object?[] expected, object?[] actual, int row)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var c = 0; c < expected.Length; c++)
        {
            var e = expected[c];
            var a = actual[c];
            switch (e)
            {
                case double d:
                    Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits((double)a!));
                    break;
                case DateTime t:
                    Assert.Equal(t, (DateTime)a!);
                    Assert.Equal(DateTimeKind.Utc, ((DateTime)a!).Kind);
                    break;
                case byte[] bytes:
                    Assert.Equal(bytes, (byte[])a!);
                    break;
                default:
                    Assert.True(Equals(e, a), $"row {row} column {c}: expected {e ?? "null"} got {a ?? "null"}");
                    break;
            }
        }
    }

    [Fact]
    public void Given_timestamps_with_sub_microsecond_ticks_When_written_Then_they_are_truncated_to_microseconds()
    {
        var schema = new ParquetSchema(new ParquetField("at", ParquetType.Timestamp));
        var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1234567);

        var read = ParquetFiles.ReadRows(ParquetFiles.Write(schema, [[at]]));

        Assert.Equal(at.AddTicks(-7), read[0][0]);
    }
}
