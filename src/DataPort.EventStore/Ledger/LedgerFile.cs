using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// The export format, JSON Lines, one object per line with a <c>kind</c>:
/// <code>
/// {"kind":"ledger","format":"dataport-ledger/1","hash":"SM3","signature":"SM2","exportedAt":"…"}
/// {"kind":"key","id":1,"publicKey":"04…"}                                   (hex, uncompressed SM2 point)
/// {"kind":"checkpoint","treeSize":10,"root":"…","timestamp":"…","keyId":1,"signature":"…"}  (hex, DER)
/// {"kind":"entry","seq":0,"hash":"…","position":1,"event":{"streamId":"…","version":1,"type":"…",
///   "data":{…},"correlationId":null,"causationId":null,"actor":"…","headers":null,"timestamp":"…"}}
/// </code>
/// A range export has one more line after the header, where the ledger stood before its first entry:
/// <code>
/// {"kind":"range","fromSeq":100,"previousHash":"…","subtrees":["…",…]}   (roots of the first 100 leaves' perfect subtrees, largest first)
/// </code>
/// Timestamps are UTC with exactly six fractional digits. An entry with <c>"event":null</c> seals an event
/// that is gone; one with <c>"seq":null</c> is an event the ledger never sealed.
/// </summary>
public static class LedgerFile
{
    public const string Format = "dataport-ledger/1";
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static async Task<long> WriteAsync(ILedgerSource source, Stream output, DateTimeOffset exportedAt, CancellationToken cancellationToken)
    {
        var header = await source.ReadHeaderAsync(cancellationToken);
        var lines = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = true });
        void EndLine()
        {
            lines.Flush();
            output.WriteByte((byte)'\n');
            lines.Reset(output);
        }

        lines.WriteStartObject();
        lines.WriteString("kind", "ledger");
        lines.WriteString("format", Format);
        lines.WriteString("hash", "SM3");
        lines.WriteString("signature", "SM2");
        lines.WriteString("exportedAt", FormatTimestamp(exportedAt));
        lines.WriteEndObject();
        EndLine();
        if (header.Start is { } start)
        {
            lines.WriteStartObject();
            lines.WriteString("kind", "range");
            lines.WriteNumber("fromSeq", start.FromSeq);
            lines.WriteString("previousHash", Convert.ToHexStringLower(start.PreviousHash));
            lines.WriteStartArray("subtrees");
            foreach (var subtree in start.Subtrees)
            {
                lines.WriteStringValue(Convert.ToHexStringLower(subtree));
            }
            lines.WriteEndArray();
            lines.WriteEndObject();
            EndLine();
        }
        foreach (var key in header.Keys)
        {
            lines.WriteStartObject();
            lines.WriteString("kind", "key");
            lines.WriteNumber("id", key.Id);
            lines.WriteString("publicKey", Convert.ToHexStringLower(key.PublicKey));
            lines.WriteEndObject();
            EndLine();
        }
        foreach (var checkpoint in header.Checkpoints)
        {
            lines.WriteStartObject();
            lines.WriteString("kind", "checkpoint");
            lines.WriteNumber("treeSize", checkpoint.TreeSize);
            lines.WriteString("root", Convert.ToHexStringLower(checkpoint.RootHash));
            lines.WriteString("timestamp", FormatTimestamp(checkpoint.Timestamp));
            lines.WriteNumber("keyId", checkpoint.KeyId);
            lines.WriteString("signature", Convert.ToHexStringLower(checkpoint.Signature));
            lines.WriteEndObject();
            EndLine();
        }
        long entries = 0;
        await foreach (var record in source.ReadRecordsAsync(cancellationToken))
        {
            WriteEntry(lines, record);
            EndLine();
            entries++;
        }
        await output.FlushAsync(cancellationToken);
        return entries;
    }

    private static void WriteEntry(Utf8JsonWriter lines, LedgerRecord record)
    {
        lines.WriteStartObject();
        lines.WriteString("kind", "entry");
        if (record.Seq is { } seq)
        {
            lines.WriteNumber("seq", seq);
        }
        else
        {
            lines.WriteNull("seq");
        }
        if (record.Hash is { } hash)
        {
            lines.WriteString("hash", Convert.ToHexStringLower(hash));
        }
        else
        {
            lines.WriteNull("hash");
        }
        lines.WriteNumber("position", record.Position);
        if (record.Event is not { } e)
        {
            lines.WriteNull("event");
        }
        else
        {
            lines.WriteStartObject("event");
            lines.WriteString("streamId", e.StreamId);
            lines.WriteNumber("version", e.Version);
            lines.WriteString("type", e.Type);
            lines.WritePropertyName("data");
            lines.WriteRawValue(CanonicalJson.Canonicalize(e.Data), skipInputValidation: true);
            lines.WriteString("correlationId", e.CorrelationId);
            lines.WriteString("causationId", e.CausationId);
            lines.WriteString("actor", e.Actor);
            lines.WritePropertyName("headers");
            if (e.Headers is null)
            {
                lines.WriteNullValue();
            }
            else
            {
                lines.WriteRawValue(CanonicalJson.Canonicalize(e.Headers), skipInputValidation: true);
            }
            lines.WriteString("timestamp", FormatTimestamp(e.Timestamp));
            lines.WriteEndObject();
        }
        lines.WriteEndObject();
    }

    internal static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTimestamp(string text) =>
        new(DateTime.ParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}

/// <summary>
/// Reads an export file for <see cref="LedgerVerifier"/> with no database: one pass for keys and
/// checkpoints, a second, streaming pass for the entries.
/// </summary>
public sealed class FileLedgerSource(string path) : ILedgerSource
{
    public async Task<LedgerHeader> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var keys = new List<LedgerPublicKey>();
        var checkpoints = new List<Checkpoint>();
        LedgerRangeStart? start = null;
        var sawHeader = false;
        await foreach (var (lineNumber, line) in ReadLinesAsync(cancellationToken))
        {
            // Entries are the bulk of the file; skip them without parsing in this pass.
            if (line.Contains("\"kind\":\"entry\"", StringComparison.Ordinal))
            {
                continue;
            }
            using var document = Parse(line, lineNumber);
            var root = document.RootElement;
            switch (Kind(root, lineNumber))
            {
                case "ledger":
                    if (root.GetProperty("format").GetString() != LedgerFile.Format)
                    {
                        throw new LedgerFormatException($"line {lineNumber}: unsupported format {root.GetProperty("format")}");
                    }
                    sawHeader = true;
                    break;
                case "key":
                    keys.Add(new LedgerPublicKey(root.GetProperty("id").GetInt32(), Convert.FromHexString(root.GetProperty("publicKey").GetString()!)));
                    break;
                case "checkpoint":
                    checkpoints.Add(new Checkpoint(
                        root.GetProperty("treeSize").GetInt64(),
                        Convert.FromHexString(root.GetProperty("root").GetString()!),
                        LedgerFile.ParseTimestamp(root.GetProperty("timestamp").GetString()!),
                        root.GetProperty("keyId").GetInt32(),
                        Convert.FromHexString(root.GetProperty("signature").GetString()!)));
                    break;
                case "range":
                    start = ReadRange(root, lineNumber);
                    break;
                case "entry":
                    break;
                default:
                    throw new LedgerFormatException($"line {lineNumber}: unknown kind");
            }
        }
        if (!sawHeader)
        {
            throw new LedgerFormatException($"{path} is not a DataPort ledger export (no {LedgerFile.Format} header line)");
        }
        return new LedgerHeader(keys, checkpoints, start);
    }

    private static LedgerRangeStart ReadRange(JsonElement root, int lineNumber)
    {
        try
        {
            return new LedgerRangeStart(root.GetProperty("fromSeq").GetInt64(), Convert.FromHexString(root.GetProperty("previousHash").GetString()!),
                [.. root.GetProperty("subtrees").EnumerateArray().Select(s => Convert.FromHexString(s.GetString()!))]);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new LedgerFormatException($"line {lineNumber}: malformed range ({ex.Message})");
        }
    }

    public async IAsyncEnumerable<LedgerRecord> ReadRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (lineNumber, line) in ReadLinesAsync(cancellationToken))
        {
            using var document = Parse(line, lineNumber);
            var root = document.RootElement;
            if (Kind(root, lineNumber) != "entry")
            {
                continue;
            }
            yield return ReadEntry(root, lineNumber);
        }
    }

    private static LedgerRecord ReadEntry(JsonElement root, int lineNumber)
    {
        try
        {
            var position = root.GetProperty("position").GetInt64();
            var seq = root.GetProperty("seq");
            var hash = root.GetProperty("hash");
            var e = root.GetProperty("event");
            RawEvent? stored = null;
            if (e.ValueKind == JsonValueKind.Object)
            {
                var headers = e.GetProperty("headers");
                stored = new RawEvent(
                    position,
                    e.GetProperty("streamId").GetString()!,
                    e.GetProperty("version").GetInt64(),
                    e.GetProperty("type").GetString()!,
                    CanonicalJson.Canonicalize(e.GetProperty("data")),
                    e.GetProperty("correlationId").GetString(),
                    e.GetProperty("causationId").GetString(),
                    e.GetProperty("actor").GetString(),
                    headers.ValueKind == JsonValueKind.Null ? null : CanonicalJson.Canonicalize(headers),
                    LedgerFile.ParseTimestamp(e.GetProperty("timestamp").GetString()!));
            }
            return new LedgerRecord(
                seq.ValueKind == JsonValueKind.Null ? null : seq.GetInt64(),
                hash.ValueKind == JsonValueKind.Null ? null : Convert.FromHexString(hash.GetString()!),
                position,
                stored)
            { Canonical = true };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new LedgerFormatException($"line {lineNumber}: malformed entry ({ex.Message})");
        }
    }

    private async IAsyncEnumerable<(int LineNumber, string Line)> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (lineNumber, line);
            }
        }
    }

    private static JsonDocument Parse(string line, int lineNumber)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new LedgerFormatException($"line {lineNumber}: not JSON ({e.Message})");
        }
    }

    private static string? Kind(JsonElement root, int lineNumber) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var kind)
            ? kind.GetString()
            : throw new LedgerFormatException($"line {lineNumber}: no \"kind\"");
}

public sealed class LedgerFormatException(string message) : Exception(message);
