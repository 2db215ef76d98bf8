using System.Text;
using DataPort.Tabular.Csv;

namespace DataPort.Tabular.Tests.Csv;

public class CsvReaderTests
{
    private static List<string[]> ReadAll(string text, int chunk = 0)
    {
        Stream stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        if (chunk > 0)
        {
            stream = new TrickleStream(stream, chunk);
        }
        using var reader = new CsvReader(stream);
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add(reader.GetStrings());
        }
        return records;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Given_many_unquoted_lines_of_every_length_with_LF_and_CRLF_When_read_Then_each_splits_as_written(int chunk)
    {
        var random = new Random(3);
        var expected = new List<string[]>();
        var text = new StringBuilder();
        for (var line = 0; line < 2_000; line++)
        {
            var fields = Enumerable.Range(0, random.Next(1, 9))
                .Select(_ => new string((char)('a' + random.Next(26)), random.Next(0, 40)) + (random.Next(5) == 0 ? "厦门" : ""))
                .ToArray();
            if (fields.Length == 1 && fields[0].Length == 0)
            {
                fields[0] = "x";
            }
            expected.Add(fields);
            text.Append(string.Join(',', fields)).Append(random.Next(2) == 0 ? "\n" : "\r\n");
        }

        Assert.Equal(expected, ReadAll(text.ToString(), chunk));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Given_quoted_fields_with_delimiters_quotes_and_line_breaks_When_read_Then_fields_are_unescaped(int chunk)
    {
        var records = ReadAll("\uFEFFa,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"line one\nline two\",厦门\n\n3,,\"\"\n", chunk);

        Assert.Equal(
        [
            ["a", "b", "c"],
            ["1", "x, y", "say \"hi\""],
            ["2", "line one\nline two", "厦门"],
            ["3", "", ""],
        ], records);
    }

    [Fact]
    public void Given_a_record_after_a_multi_line_field_When_read_Then_its_line_number_counts_the_embedded_breaks()
    {
        using var reader = new CsvReader(new MemoryStream("h\n\"a\nb\nc\"\nnext\n"u8.ToArray()));
        reader.Read();
        reader.Read();
        Assert.Equal(2, reader.LineNumber);

        reader.Read();

        Assert.Equal(5, reader.LineNumber);
        Assert.Equal("next", reader.GetString(0));
    }

    [Fact]
    public void Given_an_unclosed_quote_When_read_Then_the_error_names_the_line_where_it_opened()
    {
        var error = Assert.Throws<CsvException>(() => ReadAll("a,b\n1,2\n3,\"never closed\n4,5\n"));

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void Given_text_after_a_closing_quote_When_read_Then_the_error_names_the_line()
    {
        var error = Assert.Throws<CsvException>(() => ReadAll("a\n\"x\"y\n"));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void Given_no_final_newline_When_read_Then_the_last_record_is_returned()
    {
        Assert.Equal([["a", "b"], ["1", "2"]], ReadAll("a,b\n1,2"));
    }

    /// <summary>Returns at most a few bytes per read, to exercise refills in the middle of fields and quotes.</summary>
    private sealed class TrickleStream(Stream inner, int chunk) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, chunk));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
