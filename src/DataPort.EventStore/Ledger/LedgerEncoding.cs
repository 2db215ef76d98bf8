using System.Buffers.Binary;
using System.Text;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// The canonical bytes of a sealed event and the chained entry hash.
/// </summary>
/// <remarks>
/// <code>
/// E = "DPL1"
///     || i64(position) || str(stream id) || i64(version) || str(type)
///     || str(canonical JSON of data)
///     || opt(correlation id) || opt(causation id) || opt(actor)
///     || opt(canonical JSON of headers)
///     || i64(timestamp: microseconds since 1970-01-01T00:00:00Z)
/// i64(n) = 8 bytes big-endian two's complement
/// str(s) = u32 big-endian byte length || UTF-8 bytes;  opt(null) = FF FF FF FF;  opt(s) = str(s)
///
/// entry hash  h[i] = SM3(h[i-1] || E[i]),  h[-1] = 32 zero bytes
/// Merkle leaf       = SM3(0x00 || h[i])   (RFC 6962 §2.1, with h[i] as the leaf data)
/// </code>
/// Length prefixes make the encoding unambiguous (no field can bleed into the next); chaining h[i-1] makes
/// every entry depend on the whole history before it.
/// </remarks>
public static class LedgerEncoding
{
    private static readonly byte[] Magic = "DPL1"u8.ToArray();

    public static byte[] GenesisHash { get; } = new byte[Sm3.Size];

    public static byte[] Encode(RawEvent e) => Encode(e, canonical: false);

    /// <param name="e">The event.</param>
    /// <param name="canonical">Its data and headers are already canonical JSON: skip re-canonicalising.</param>
    internal static byte[] Encode(RawEvent e, bool canonical)
    {
        using var buffer = new MemoryStream(256);
        buffer.Write(Magic);
        WriteInt64(buffer, e.Position);
        WriteString(buffer, e.StreamId);
        WriteInt64(buffer, e.Version);
        WriteString(buffer, e.Type);
        WriteString(buffer, canonical ? e.Data : CanonicalJson.Canonicalize(e.Data));
        WriteOptional(buffer, e.CorrelationId);
        WriteOptional(buffer, e.CausationId);
        WriteOptional(buffer, e.Actor);
        WriteOptional(buffer, e.Headers is null || canonical ? e.Headers : CanonicalJson.Canonicalize(e.Headers));
        WriteInt64(buffer, ToUnixMicroseconds(e.Timestamp));
        return buffer.ToArray();
    }

    public static byte[] EntryHash(byte[] previousHash, RawEvent e) => EntryHash(previousHash, e, canonical: false);

    internal static byte[] EntryHash(byte[] previousHash, RawEvent e, bool canonical)
    {
        var encoded = Encode(e, canonical);
        var digest = Sm3.Digest();
        digest.BlockUpdate(previousHash, 0, previousHash.Length);
        digest.BlockUpdate(encoded, 0, encoded.Length);
        return Sm3.Finish(digest);
    }

    public static long ToUnixMicroseconds(DateTimeOffset timestamp) =>
        (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + microseconds * 10, TimeSpan.Zero);

    private static void WriteInt64(MemoryStream buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteString(MemoryStream buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }

    private static void WriteOptional(MemoryStream buffer, string? value)
    {
        if (value is null)
        {
            buffer.Write([0xFF, 0xFF, 0xFF, 0xFF]);
        }
        else
        {
            WriteString(buffer, value);
        }
    }
}
