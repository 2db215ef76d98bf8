using Org.BouncyCastle.Crypto.Digests;

namespace DataPort.EventStore.Ledger;

/// <summary>SM3 (GB/T 32905) — the ledger's only hash function.</summary>
public static class Sm3
{
    public const int Size = 32;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data.ToArray(), 0, data.Length);
        return Finish(digest);
    }

    /// <summary>SM3 of the concatenation of <paramref name="parts"/>, without building it.</summary>
    public static byte[] Hash(params byte[][] parts)
    {
        var digest = new SM3Digest();
        foreach (var part in parts)
        {
            digest.BlockUpdate(part, 0, part.Length);
        }
        return Finish(digest);
    }

    internal static byte[] Finish(SM3Digest digest)
    {
        var output = new byte[Size];
        digest.DoFinal(output, 0);
        return output;
    }
}
