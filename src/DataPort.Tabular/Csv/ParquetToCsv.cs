using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataPort.Tabular.Parquet;

namespace DataPort.Tabular.Csv;

/// <summary>
/// A Parquet file as the UTF-8 CSV that DataPort's pipeline reads: a header of its column names, then its rows,
/// row group by row group (the next decoded while this one is written). Values are written so that the CSV reader's type inference reads them
/// back as their type: invariant numbers (doubles round-trip), ISO dates, UTC timestamps ending in Z, base64
/// bytes. A null is an empty field; an empty string is <c>""</c>.
/// </summary>
public static class ParquetToCsv
{
    /// <summary>
    /// Returns the rows written. <paramref name="onBytes"/> sees the CSV's size as it grows (for limits and progress);
    /// <paramref name="hash"/>, if given, every byte written (as <see cref="CsvEncodings.CopyAsUtf8Async"/> does for a CSV).
    /// </summary>
    public static long Convert(
        string parquetPath, Stream output, Action<long>? onBytes = null, IncrementalHash? hash = null, ParquetReaderOptions? options = null)
    {
        using var reader = ParquetReader.Open(parquetPath, options);
        var counted = new CountingStream(output, hash);
        using var writer = new StreamWriter(counted, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var fields = reader.Schema.Fields;
        writer.WriteLine(string.Join(',', fields.Select(f => Quoted(f.Name))));
        long rows = 0;
        foreach (var columns in reader.ReadRowGroups())
        {
            var count = columns.Count == 0 ? 0 : columns[0].Values.Length;
            for (var r = 0; r < count; r++)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    if (c > 0)
                    {
                        writer.Write(',');
                    }
                    writer.Write(Text(columns[c].Values[r]));
                }
                writer.Write('\n');
                if ((r & 1023) == 1023)
                {
                    // The writer's buffer reaches the stream as it fills: a row group that unpacks far past the
                    // limit is stopped within a buffer of it.
                    onBytes?.Invoke(counted.Written);
                }
            }
            rows += count;
            writer.Flush();
            onBytes?.Invoke(counted.Written);
        }
        return rows;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => Quoted(s),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString(time.Kind == DateTimeKind.Utc ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        byte[] bytes => System.Convert.ToBase64String(bytes),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Quoted(value.ToString() ?? ""),
    };

    /// <summary>RFC 4180 quoting where the reader would otherwise split, trim or drop the text.</summary>
    private static string Quoted(string text)
    {
        if (text.Length > 0 && text.AsSpan().IndexOfAny(",\"\r\n") < 0 && text[0] != ' ' && text[^1] != ' ')
        {
            return text;
        }
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Counts (and hashes) what passes through, so the caller can stop a file that unpacks past its limit.</summary>
    private sealed class CountingStream(Stream inner, IncrementalHash? hash) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            hash?.AppendData(buffer);
            Written += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
