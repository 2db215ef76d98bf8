namespace DataPort.EventStore.Ledger;

/// <summary>The audit ledger as the rest of DataPort sees it (regulator endpoints, the CLI, the sealing job).</summary>
public interface ILedger
{
    /// <summary>Seals everything committed so far and signs a checkpoint if the tree grew.</summary>
    Task<SealResult> SealPendingAsync(CancellationToken cancellationToken = default);

    Task<Checkpoint?> GetLatestCheckpointAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LedgerPublicKey>> GetPublicKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Inclusion proof for the event at <paramref name="position"/> in the tree of <paramref name="treeSize"/>
    /// entries (default: the latest checkpoint's, so the root is a signed one). Null when that event is not
    /// sealed within that size.
    /// </summary>
    Task<InclusionProof?> GetInclusionProofAsync(long position, long? treeSize = null, CancellationToken cancellationToken = default);

    /// <summary>Consistency proof between two tree sizes (typically two checkpoints).</summary>
    Task<ConsistencyProof> GetConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken = default);

    /// <summary>Checks the whole ledger against the events in the database.</summary>
    Task<VerificationReport> VerifyAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the JSON Lines export (see <see cref="LedgerFile"/>); returns the number of entries.</summary>
    Task<long> ExportAsync(Stream output, CancellationToken cancellationToken = default);

    /// <summary>
    /// The sealed entries for events at positions <paramref name="fromPosition"/>..<paramref name="toPosition"/> (either
    /// open), widened to end at a signed checkpoint so that every entry in it is covered by a signature (unless the tail
    /// is not signed yet). Null when the range holds no sealed entry.
    /// </summary>
    Task<LedgerSeqRange?> ResolveRangeAsync(long? fromPosition, long? toPosition, CancellationToken cancellationToken = default);

    /// <summary>Writes a range export: the entries of <paramref name="range"/>, its checkpoints and where it starts.</summary>
    Task<long> ExportAsync(Stream output, LedgerSeqRange range, CancellationToken cancellationToken = default);
}
