
namespace DataPort.EventStore.Ledger;

/// <summary>
/// RFC 6962 / RFC 9162 Merkle tree hashing with SM3: leaf = H(0x00 || data), node = H(0x01 || left || right),
/// empty tree = H(""). Proof generation follows RFC 6962 §2.1.1–2.1.2 (PATH and SUBPROOF); verification
/// follows RFC 9162 §2.1.3.2 and §2.1.4.2.
/// </summary>
public static class MerkleTree
{
    /// <summary>MTH(D[start:start+count]): how proofs read the tree, from leaves in memory or from stored subtrees.</summary>
    public delegate byte[] RangeRoot(long start, long count);

    public static byte[] EmptyRoot { get; } = Sm3.Hash(ReadOnlySpan<byte>.Empty);

    public static byte[] LeafHash(byte[] data)
    {
        var digest = Sm3.Digest();
        digest.Update(0x00);
        digest.BlockUpdate(data, 0, data.Length);
        return Sm3.Finish(digest);
    }

    public static byte[] NodeHash(byte[] left, byte[] right)
    {
        var digest = Sm3.Digest();
        digest.Update(0x01);
        digest.BlockUpdate(left, 0, left.Length);
        digest.BlockUpdate(right, 0, right.Length);
        return Sm3.Finish(digest);
    }

    /// <summary>MTH(D[start:start+count]) over leaf hashes.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes) => Root(leafHashes, 0, leafHashes.Count);

    private static byte[] Root(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 0)
        {
            return EmptyRoot;
        }
        if (count == 1)
        {
            return leaves[start];
        }
        var k = (int)LargestPowerOfTwoBelow(count);
        return NodeHash(Root(leaves, start, k), Root(leaves, start + k, count - k));
    }

    /// <summary>PATH(m, D[n]): the audit path for leaf <paramref name="index"/> in the tree of all <paramref name="leafHashes"/>.</summary>
    public static List<byte[]> InclusionPath(IReadOnlyList<byte[]> leafHashes, int index) =>
        InclusionPath(index, leafHashes.Count, (start, count) => Root(leafHashes, (int)start, (int)count));

    /// <summary>PATH(m, D[n]) read through <paramref name="rangeRoot"/>, so the leaves need not be in memory.</summary>
    public static List<byte[]> InclusionPath(long index, long size, RangeRoot rangeRoot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var path = new List<byte[]>();
        Path(rangeRoot, index, 0, size, path);
        return path;
    }

    private static void Path(RangeRoot rangeRoot, long m, long start, long count, List<byte[]> path)
    {
        if (count <= 1)
        {
            return;
        }
        var k = LargestPowerOfTwoBelow(count);
        if (m < k)
        {
            Path(rangeRoot, m, start, k, path);
            path.Add(rangeRoot(start + k, count - k));
        }
        else
        {
            Path(rangeRoot, m - k, start + k, count - k, path);
            path.Add(rangeRoot(start, k));
        }
    }

    /// <summary>PROOF(m, D[n]): proves the tree of the first <paramref name="firstSize"/> leaves is a prefix of the tree of all of them.</summary>
    public static List<byte[]> ConsistencyPath(IReadOnlyList<byte[]> leafHashes, int firstSize) =>
        ConsistencyPath(firstSize, leafHashes.Count, (start, count) => Root(leafHashes, (int)start, (int)count));

    /// <summary>PROOF(m, D[n]) read through <paramref name="rangeRoot"/>.</summary>
    public static List<byte[]> ConsistencyPath(long firstSize, long size, RangeRoot rangeRoot)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, size);
        var proof = new List<byte[]>();
        SubProof(rangeRoot, firstSize, 0, size, true, proof);
        return proof;
    }

    private static void SubProof(RangeRoot rangeRoot, long m, long start, long count, bool completeSubtree, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!completeSubtree)
            {
                proof.Add(rangeRoot(start, count));
            }
            return;
        }
        var k = LargestPowerOfTwoBelow(count);
        if (m <= k)
        {
            SubProof(rangeRoot, m, start, k, completeSubtree, proof);
            proof.Add(rangeRoot(start + k, count - k));
        }
        else
        {
            SubProof(rangeRoot, m - k, start + k, count - k, false, proof);
            proof.Add(rangeRoot(start, k));
        }
    }

    /// <summary>The ranges whose roots <paramref name="proof"/> reads, found by running it without hashing: storage fetches them in one go.</summary>
    public static List<(long Start, long Count)> RangesRead(Action<RangeRoot> proof)
    {
        var ranges = new List<(long Start, long Count)>();
        proof((start, count) =>
        {
            ranges.Add((start, count));
            return EmptyRoot;
        });
        return ranges;
    }

    /// <summary>
    /// A range the proofs read, [start, start+count), as the perfect subtrees it is made of, largest first: start is
    /// always a multiple of a power of two at least count, so each set bit of count is one aligned subtree of that size.
    /// Its root is those subtrees' roots folded from the right (as <see cref="MerkleFrontier.Root"/> does).
    /// </summary>
    public static IEnumerable<(int Level, long Index)> PerfectSubtrees(long start, long count)
    {
        var offset = start;
        for (var level = 62; level >= 0; level--)
        {
            var size = 1L << level;
            if ((count & size) != 0)
            {
                yield return (level, offset >> level);
                offset += size;
            }
        }
    }

    /// <summary>RFC 9162 §2.1.3.2: does <paramref name="path"/> place <paramref name="leafHash"/> at <paramref name="index"/> under <paramref name="root"/>?</summary>
    public static bool VerifyInclusion(byte[] leafHash, long index, long treeSize, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (index < 0 || index >= treeSize)
        {
            return false;
        }
        long fn = index, sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2: is the tree of size <paramref name="firstSize"/> with <paramref name="firstRoot"/> a prefix of the second?</summary>
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
        if (proof.Count == 0)
        {
            return false;
        }
        var path = new List<byte[]>(proof.Count + 1);
        if ((firstSize & (firstSize - 1)) == 0)
        {
            path.Add(firstRoot);
        }
        path.AddRange(proof);
        long fn = firstSize - 1, sn = secondSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path[0], sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    internal static long LargestPowerOfTwoBelow(long n)
    {
        var k = 1L;
        while (k << 1 < n)
        {
            k <<= 1;
        }
        return k;
    }
}

/// <summary>
/// The right edge of a growing tree: the roots of its perfect subtrees, largest first. Appending a leaf and
/// reading the root cost O(log n), which is how the sealer and the verifiers compute checkpoint roots
/// without keeping every leaf.
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<(long Size, byte[] Hash)> subtrees = [];

    public long Size { get; private set; }

    public void Append(byte[] leafHash)
    {
        subtrees.Add((1, leafHash));
        Size++;
        while (subtrees.Count >= 2 && subtrees[^1].Size == subtrees[^2].Size)
        {
            var right = subtrees[^1];
            var left = subtrees[^2];
            subtrees.RemoveRange(subtrees.Count - 2, 2);
            subtrees.Add((left.Size * 2, MerkleTree.NodeHash(left.Hash, right.Hash)));
        }
    }

    public byte[] Root()
    {
        if (subtrees.Count == 0)
        {
            return MerkleTree.EmptyRoot;
        }
        var root = subtrees[^1].Hash;
        for (var i = subtrees.Count - 2; i >= 0; i--)
        {
            root = MerkleTree.NodeHash(subtrees[i].Hash, root);
        }
        return root;
    }

    /// <summary>The subtree roots concatenated (32 bytes each), for storing between seals.</summary>
    public byte[] Serialize() => subtrees.SelectMany(s => s.Hash).ToArray();

    public static MerkleFrontier Deserialize(long size, byte[] hashes)
    {
        var frontier = new MerkleFrontier { Size = size };
        var offset = 0;
        // The perfect subtrees of a tree of n leaves are the set bits of n, largest first.
        for (var bit = 62; bit >= 0; bit--)
        {
            var subtreeSize = 1L << bit;
            if ((size & subtreeSize) != 0)
            {
                frontier.subtrees.Add((subtreeSize, hashes[offset..(offset + Sm3.Size)]));
                offset += Sm3.Size;
            }
        }
        if (offset != hashes.Length)
        {
            throw new InvalidDataException($"A frontier for {size} leaves has {offset / Sm3.Size} subtrees, not {hashes.Length / Sm3.Size}.");
        }
        return frontier;
    }
}
