using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace DataPort.Samples;

/// <summary>
/// The checks a regulator runs on what the API hands out, written from docs/ledger-format.md §4–5 with BouncyCastle's
/// SM3 and SM2: an inclusion proof against a checkpoint's root, a consistency proof between two checkpoints, and the SM2
/// signature over a checkpoint.
/// </summary>
public static class ClientSideProofs
{
    public static byte[] LeafHash(byte[] entryHash) => Sm3([0x00], entryHash);

    public static byte[] NodeHash(byte[] left, byte[] right) => Sm3([0x01], left, right);

    /// <summary>RFC 9162 §2.1.3.2.</summary>
    public static bool VerifyInclusion(byte[] entryHash, long index, long treeSize, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (index < 0 || index >= treeSize)
        {
            return false;
        }
        var (fn, sn, r) = (index, treeSize - 1, LeafHash(entryHash));
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    (fn, sn) = (fn >> 1, sn >> 1);
                }
            }
            else
            {
                r = NodeHash(r, p);
            }
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2.</summary>
    public static bool VerifyConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (firstSize <= 0 || firstSize > secondSize)
        {
            return false;
        }
        if (firstSize == secondSize)
        {
            return proof.Count == 0 && firstRoot.AsSpan().SequenceEqual(secondRoot);
        }
        var path = (firstSize & (firstSize - 1)) == 0 ? [firstRoot, .. proof] : proof.ToList();
        if (path.Count == 0)
        {
            return false;
        }
        var (fn, sn) = (firstSize - 1, secondSize - 1);
        while ((fn & 1) == 1)
        {
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        var (fr, sr) = (path[0], path[0]);
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                (fr, sr) = (NodeHash(c, fr), NodeHash(c, sr));
                while ((fn & 1) == 0 && fn != 0)
                {
                    (fn, sn) = (fn >> 1, sn >> 1);
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }
            (fn, sn) = (fn >> 1, sn >> 1);
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    /// <summary>GB/T 32918.2 with the default user id: does <paramref name="signatureDer"/> sign <paramref name="text"/>'s UTF-8 bytes?</summary>
    public static bool VerifyCheckpointSignature(string text, byte[] signatureDer, byte[] publicKey)
    {
        var curve = GMNamedCurves.GetByName("sm2p256v1");
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        var signer = new SM2Signer();
        signer.Init(false, new ECPublicKeyParameters(curve.Curve.DecodePoint(publicKey), domain));
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        signer.BlockUpdate(bytes, 0, bytes.Length);
        return signer.VerifySignature(signatureDer);
    }

    private static byte[] Sm3(params byte[][] parts)
    {
        var digest = new SM3Digest();
        foreach (var part in parts)
        {
            digest.BlockUpdate(part, 0, part.Length);
        }
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return hash;
    }
}
