namespace DataPort.EventStore.Ledger;

/// <summary>
/// Proof that the entry for event <see cref="Position"/> (leaf <see cref="Seq"/>, data <see cref="EntryHash"/>)
/// is in the tree of <see cref="TreeSize"/> entries with root <see cref="RootHash"/> (RFC 9162 §2.1.3).
/// </summary>
public sealed record InclusionProof(long Position, long Seq, long TreeSize, byte[] EntryHash, IReadOnlyList<byte[]> Path, byte[] RootHash)
{
    public bool Verify() => MerkleTree.VerifyInclusion(MerkleTree.LeafHash(EntryHash), Seq, TreeSize, Path, RootHash);
}

/// <summary>Proof that the tree of <see cref="FirstSize"/> entries is a prefix of the tree of <see cref="SecondSize"/> (RFC 9162 §2.1.4).</summary>
public sealed record ConsistencyProof(long FirstSize, long SecondSize, byte[] FirstRoot, byte[] SecondRoot, IReadOnlyList<byte[]> Path)
{
    public bool Verify() => MerkleTree.VerifyConsistency(FirstSize, SecondSize, FirstRoot, SecondRoot, Path);
}
