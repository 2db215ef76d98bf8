using System.Text;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// A signed statement "the ledger had <see cref="TreeSize"/> entries with Merkle root <see cref="RootHash"/>
/// at <see cref="Timestamp"/>". The signature covers <see cref="SignedBytes()"/>.
/// </summary>
public sealed record Checkpoint(long TreeSize, byte[] RootHash, DateTimeOffset Timestamp, int KeyId, byte[] Signature)
{
    /// <summary>
    /// UTF-8 of <c>dataport-ledger-checkpoint/1\n{tree size}\n{root hex}\n{unix microseconds}\n{key id}\n</c>.
    /// </summary>
    public static byte[] SignedBytes(long treeSize, byte[] rootHash, DateTimeOffset timestamp, int keyId) =>
        Encoding.UTF8.GetBytes(
            $"dataport-ledger-checkpoint/1\n{treeSize}\n{Convert.ToHexStringLower(rootHash)}\n{LedgerEncoding.ToUnixMicroseconds(timestamp)}\n{keyId}\n");

    public byte[] SignedBytes() => SignedBytes(TreeSize, RootHash, Timestamp, KeyId);
}

/// <summary>A ledger signing key as published: the verifier needs only these.</summary>
public sealed record LedgerPublicKey(int Id, byte[] PublicKey);

/// <summary>What a seal did.</summary>
public sealed record SealResult(long EntriesSealed, long TreeSize, Checkpoint? Checkpoint, bool Busy = false);
