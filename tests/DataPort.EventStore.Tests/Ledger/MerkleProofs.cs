using DataPort.EventStore.Ledger;

namespace DataPort.EventStore.Tests.Ledger;

public sealed class MerkleProofs
{
    private static List<byte[]> Leaves(int count) =>
        Enumerable.Range(0, count).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i))).ToList();

    [Fact]
    public void Given_any_tree_When_growing_a_frontier_leaf_by_leaf_Then_its_root_equals_the_recursive_root()
    {
        var frontier = new MerkleFrontier();
        for (var n = 1; n <= 40; n++)
        {
            frontier.Append(Leaves(n)[^1]);
            Assert.Equal(MerkleTree.Root(Leaves(n)), frontier.Root());
            var restored = MerkleFrontier.Deserialize(n, frontier.Serialize());
            Assert.Equal(frontier.Root(), restored.Root());
        }
        Assert.Equal(MerkleTree.EmptyRoot, new MerkleFrontier().Root());
    }

    [Fact]
    public void Given_trees_of_1_to_33_leaves_When_proving_every_leaf_Then_each_proof_verifies_and_fails_when_altered()
    {
        for (var n = 1; n <= 33; n++)
        {
            var leaves = Leaves(n);
            var root = MerkleTree.Root(leaves);
            for (var m = 0; m < n; m++)
            {
                var path = MerkleTree.InclusionPath(leaves, m);
                Assert.True(MerkleTree.VerifyInclusion(leaves[m], m, n, path, root), $"leaf {m} of {n}");
                Assert.False(MerkleTree.VerifyInclusion(leaves[(m + 1) % n], m, n, path, root) && n > 1, $"wrong leaf {m} of {n}");
                // The size is bound by the signed checkpoint, not the root, so a wrong size is not tested here; a wrong index is.
                if ((m ^ 1) < n)
                {
                    Assert.False(MerkleTree.VerifyInclusion(leaves[m], m ^ 1, n, path, root), $"wrong index {m} of {n}");
                }
                Assert.False(MerkleTree.VerifyInclusion(leaves[m], n, n, path, root), $"index beyond the tree {m} of {n}");
                if (path.Count > 0)
                {
                    var altered = path.Select(p => p.ToArray()).ToList();
                    altered[^1][0] ^= 1;
                    Assert.False(MerkleTree.VerifyInclusion(leaves[m], m, n, altered, root), $"altered path {m} of {n}");
                    Assert.False(MerkleTree.VerifyInclusion(leaves[m], m, n, path.Take(path.Count - 1).ToList(), root), $"short path {m} of {n}");
                }
            }
        }
    }

    [Fact]
    public void Given_trees_of_1_to_33_leaves_When_proving_every_prefix_consistent_Then_each_proof_verifies_and_fails_when_altered()
    {
        for (var n = 1; n <= 33; n++)
        {
            var leaves = Leaves(n);
            var second = MerkleTree.Root(leaves);
            for (var m = 1; m <= n; m++)
            {
                var first = MerkleTree.Root(leaves.GetRange(0, m));
                var proof = MerkleTree.ConsistencyPath(leaves, m);
                Assert.True(MerkleTree.VerifyConsistency(m, n, first, second, proof), $"{m} -> {n}");
                if (m < n)
                {
                    var altered = proof.Select(p => p.ToArray()).ToList();
                    altered[0][5] ^= 0x40;
                    Assert.False(MerkleTree.VerifyConsistency(m, n, first, second, altered), $"altered {m} -> {n}");
                    var otherFirst = MerkleTree.Root(Leaves(m + 1).GetRange(1, m));
                    Assert.False(MerkleTree.VerifyConsistency(m, n, otherFirst, second, proof), $"forked {m} -> {n}");
                    Assert.False(MerkleTree.VerifyConsistency(m, n, first, second, []), $"empty {m} -> {n}");
                }
            }
        }
    }

    [Fact]
    public void Given_known_inputs_When_hashing_Then_leaf_and_node_use_the_rfc_6962_prefixes()
    {
        var data = new byte[] { 1, 2, 3 };
        Assert.Equal(Sm3.Hash([0x00, 1, 2, 3]), MerkleTree.LeafHash(data));
        Assert.Equal(Sm3.Hash([0x01, .. data, .. data]), MerkleTree.NodeHash(data, data));
        // GB/T 32905 test vector: SM3("abc").
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", Convert.ToHexStringLower(Sm3.Hash("abc"u8)));
    }
}
