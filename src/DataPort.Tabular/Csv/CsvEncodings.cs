using System.Buffers;
using System.Text;

namespace DataPort.Tabular.Csv;

/// <summary>The text encodings a CSV may arrive in. Everything inside DataPort reads UTF-8.</summary>
public enum CsvTextEncoding
{
    Utf8,

    /// <summary>GB 18030, which contains GBK and GB 2312: what Chinese spreadsheet exports and Excel on Chinese Windows write.</summary>
    Gb18030,
}

/// <summary>
/// One way to treat encodings for the CLI and the API alike: UTF-8 (with or without a byte-order mark) is read
/// as it is; anything else is refused at the first byte that is not UTF-8, naming the line and column and, when
/// the bytes read as GB 18030, that encoding and how to convert. GB 18030 is transcoded only when the user says so
/// (<c>--encoding gb18030</c>, <c>?encoding=gb18030</c>): guessing silently would turn a file in some third
/// encoding into plausible-looking mojibake.
/// </summary>
public static class CsvEncodings
{
    public const string Names = "utf-8, gb18030";

    private static readonly Lazy<Encoding> StrictGb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    public static bool TryParse(string? name, out CsvTextEncoding encoding)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case null or "" or "utf-8" or "utf8":
                encoding = CsvTextEncoding.Utf8;
                return true;
            case "gb18030" or "gbk" or "gb2312":
                encoding = CsvTextEncoding.Gb18030;
                return true;
            default:
                encoding = default;
                return false;
        }
    }

    /// <summary>Reads the whole file and throws <see cref="CsvEncodingException"/> unless it is UTF-8.</summary>
    public static async Task EnsureUtf8Async(string path, CancellationToken cancellationToken = default)
    {
        await using var input = OpenRead(path);
        await CopyAsUtf8Async(input, Stream.Null, CsvTextEncoding.Utf8, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Copies <paramref name="input"/> to <paramref name="output"/> as UTF-8 without a byte-order mark, checking
    /// (UTF-8) or transcoding (GB 18030) as it goes, in flat memory. <paramref name="onChunk"/> sees each chunk
    /// read (for size limits and progress) before it is written; <paramref name="hash"/>, if given, every byte written
    /// (e.g. SHA-256 of the UTF-8 content). Returns the bytes written.
    /// </summary>
    public static async Task<long> CopyAsUtf8Async(
        Stream input, Stream output, CsvTextEncoding encoding, Action<int>? onChunk = null, System.Security.Cryptography.IncrementalHash? hash = null,
        CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var converted = new MemoryStream();
        try
        {
            ITextChecker checker = encoding == CsvTextEncoding.Utf8 ? new Utf8Checker() : new Gb18030Transcoder(StrictGb18030.Value);
            long written = 0;
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
            {
                onChunk?.Invoke(read);
                converted.SetLength(0);
                written += checker.Write(buffer.AsSpan(0, read), converted);
                await WriteAsync(converted);
            }
            converted.SetLength(0);
            written += checker.Finish(converted);
            await WriteAsync(converted);
            return written;

            async Task WriteAsync(MemoryStream bytes)
            {
                var chunk = bytes.GetBuffer().AsMemory(0, (int)bytes.Length);
                hash?.AppendData(chunk.Span);
                await output.WriteAsync(chunk, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The file converted to a UTF-8 copy at <paramref name="target"/> (for the CLI's <c>--encoding gb18030</c>).</summary>
    public static async Task TranscodeFileAsync(string source, string target, CsvTextEncoding encoding, CancellationToken cancellationToken = default)
    {
        await using var input = OpenRead(source);
        await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await CopyAsUtf8Async(input, output, encoding, cancellationToken: cancellationToken);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);

    internal static bool ReadsAsGb18030(ReadOnlySpan<byte> bytes)
    {
        try
        {
            StrictGb18030.Value.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private interface ITextChecker
    {
        int Write(ReadOnlySpan<byte> chunk, Stream output);

        int Finish(Stream output);
    }

    /// <summary>Validates UTF-8 across chunk boundaries, tracking the line and column for the error message.</summary>
    private sealed class Utf8Checker : ITextChecker
    {
        private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];
        private readonly char[] scratch = new char[1 << 16];
        private readonly byte[] pending = new byte[4];
        private readonly TextPosition position = new();
        private int pendingLength;
        private bool started;

        public int Write(ReadOnlySpan<byte> chunk, Stream output)
        {
            if (pendingLength == 0)
            {
                return Check(chunk, output);
            }
            // Rare: a character (or the byte-order mark) split across two reads.
            var joined = new byte[pendingLength + chunk.Length];
            pending.AsSpan(0, pendingLength).CopyTo(joined);
            chunk.CopyTo(joined.AsSpan(pendingLength));
            pendingLength = 0;
            return Check(joined, output);
        }

        public int Finish(Stream output) => pendingLength == 0 ? 0 : throw NotUtf8(pending.AsSpan(0, pendingLength));

        private int Check(ReadOnlySpan<byte> bytes, Stream output)
        {
            if (!started)
            {
                if (bytes.Length < ByteOrderMark.Length && ByteOrderMark.AsSpan().StartsWith(bytes))
                {
                    Keep(bytes);
                    return 0;
                }
                started = true;
                if (bytes.StartsWith(ByteOrderMark))
                {
                    bytes = bytes[ByteOrderMark.Length..];
                }
            }
            var offset = 0;
            while (offset < bytes.Length)
            {
                var status = System.Text.Unicode.Utf8.ToUtf16(
                    bytes[offset..], scratch, out var read, out _, replaceInvalidSequences: false, isFinalBlock: false);
                position.Advance(bytes.Slice(offset, read));
                offset += read;
                if (status == OperationStatus.InvalidData)
                {
                    throw NotUtf8(bytes[offset..]);
                }
                if (status == OperationStatus.NeedMoreData)
                {
                    Keep(bytes[offset..]);
                    break;
                }
            }
            output.Write(bytes[..offset]);
            return offset;
        }

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(pending);
            pendingLength = bytes.Length;
        }

        private CsvEncodingException NotUtf8(ReadOnlySpan<byte> rest)
        {
            var badByte = rest.IsEmpty ? "an unfinished character" : $"byte 0x{rest[0]:X2}";
            var looksGb = ReadsAsGb18030(SampleLine(rest));
            var message = $"The file is not UTF-8: {badByte} at line {position.Line}, column {position.Column} is not valid UTF-8."
                + (looksGb
                    ? " It looks like GB18030/GBK (what Excel on Chinese Windows saves). Save it as \"CSV UTF-8\", convert it "
                      + "(iconv -f GB18030 -t UTF-8 in.csv > out.csv), or ask DataPort to convert it: --encoding gb18030 on the "
                      + "command line, ?encoding=gb18030 on an upload."
                    : " Save it as UTF-8 and try again.");
            return new CsvEncodingException(message, position.Line, position.Column, looksGb ? CsvTextEncoding.Gb18030 : null);
        }

        /// <summary>The rest of the line from the bad byte, cut before a double-byte character the sample may split.</summary>
        private static ReadOnlySpan<byte> SampleLine(ReadOnlySpan<byte> rest)
        {
            var sample = rest[..Math.Min(rest.Length, 64)];
            var newline = sample.IndexOfAny((byte)'\n', (byte)'\r');
            if (newline >= 0)
            {
                return sample[..newline];
            }
            return !ReadsAsGb18030(sample) && sample.Length > 1 ? sample[..^1] : sample;
        }
    }

    /// <summary>Transcodes GB 18030 to UTF-8 across chunk boundaries; an impossible sequence fails with its line.</summary>
    private sealed class Gb18030Transcoder(Encoding gb18030) : ITextChecker
    {
        private readonly Decoder decoder = gb18030.GetDecoder();
        private readonly Encoder encoder = new UTF8Encoding(false, true).GetEncoder();
        private readonly char[] chars = new char[(1 << 16) + 8];
        private readonly byte[] bytes = new byte[((1 << 16) + 8) * 3];
        private readonly TextPosition position = new();
        private bool started;

        public int Write(ReadOnlySpan<byte> chunk, Stream output) => Convert(chunk, flush: false, output);

        public int Finish(Stream output) => Convert([], flush: true, output);

        private int Convert(ReadOnlySpan<byte> chunk, bool flush, Stream output)
        {
            int count;
            try
            {
                count = decoder.GetChars(chunk, chars, flush);
            }
            catch (DecoderFallbackException)
            {
                throw new CsvEncodingException(
                    $"The file is not GB18030 either: an invalid byte sequence after line {position.Line}. Check which encoding it was saved in.",
                    position.Line, position.Column, detected: null);
            }
            var text = chars.AsSpan(0, count);
            if (!started && text.Length > 0)
            {
                started = true;
                if (text[0] == '\uFEFF')
                {
                    text = text[1..];
                }
            }
            var length = encoder.GetBytes(text, bytes, flush);
            output.Write(bytes, 0, length);
            position.Advance(bytes.AsSpan(0, length));
            return length;
        }
    }

    /// <summary>Line and column (1-based, in characters) after the UTF-8 bytes seen so far.</summary>
    private sealed class TextPosition
    {
        public long Line { get; private set; } = 1;

        public long Column { get; private set; } = 1;

        public void Advance(ReadOnlySpan<byte> utf8)
        {
            var newlines = utf8.Count((byte)'\n');
            var tail = utf8;
            if (newlines > 0)
            {
                Line += newlines;
                Column = 1;
                tail = utf8[(utf8.LastIndexOf((byte)'\n') + 1)..];
            }
            foreach (var b in tail)
            {
                // Continuation bytes (10xxxxxx) do not start a character.
                if ((b & 0xC0) != 0x80)
                {
                    Column++;
                }
            }
        }
    }
}

/// <summary>A CSV in an encoding DataPort does not read as it is; <see cref="Detected"/> is what it looks like, if known.</summary>
public sealed class CsvEncodingException(string message, long line, long column, CsvTextEncoding? detected) : CsvException(message)
{
    public long Line { get; } = line;

    public long Column { get; } = column;

    public CsvTextEncoding? Detected { get; } = detected;
}
