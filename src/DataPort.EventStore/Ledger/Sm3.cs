using Org.BouncyCastle.Crypto.Digests;

namespace DataPort.EventStore.Ledger;

/// <summary>SM3 (GB/T 32905) — the ledger's only hash function.</summary>
public static class Sm3
{
    public const int Size = 32;

    [ThreadStatic]
    private static SM3Digest? reusable;

    /// <summary>A reset digest for this thread: hashing is the verifier's hot path, so skip the allocation.</summary>
    internal static SM3Digest Digest()
    {
        var digest = reusable ??= new SM3Digest();
        digest.Reset();
        return digest;
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = Digest();
        digest.BlockUpdate(data.ToArray(), 0, data.Length);
        return Finish(digest);
    }

    /// <summary>SM3 of the concatenation of <paramref name="parts"/>, without building it.</summary>
    public static byte[] Hash(params byte[][] parts)
    {
        var digest = Digest();
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
