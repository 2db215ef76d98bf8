namespace DataPort.EventStore.Ledger;

/// <summary>
/// One position as a verifier sees it: the ledger entry (<see cref="Seq"/>, <see cref="Hash"/>) joined with
/// the event stored at <see cref="Position"/>. Either side may be missing, which is exactly what a deleted
/// event (no <see cref="Event"/>) or an inserted one (no <see cref="Seq"/>) looks like.
/// </summary>
public sealed record LedgerRecord(long? Seq, byte[]? Hash, long Position, RawEvent? Event)
{
    /// <summary>The event's data and headers are already canonical JSON (the file reader canonicalises while parsing).</summary>
    internal bool Canonical { get; init; }
}

/// <summary>
/// Everything a verifier needs besides the entries: the public keys and the signed checkpoints; for a range, where the
/// ledger stood before its first entry.
/// </summary>
public sealed record LedgerHeader(IReadOnlyList<LedgerPublicKey> Keys, IReadOnlyList<Checkpoint> Checkpoints, LedgerRangeStart? Start = null);

/// <summary>
/// The ledger just before entry <paramref name="FromSeq"/>: the previous entry's hash (the chain continues from it) and
/// the roots of the perfect subtrees of the first <paramref name="FromSeq"/> leaves, largest first (the tree continues
/// from them). Neither is trusted alone: the first checkpoint in the range signs a root computed from both.
/// </summary>
public sealed record LedgerRangeStart(long FromSeq, byte[] PreviousHash, IReadOnlyList<byte[]> Subtrees)
{
    internal MerkleFrontier Frontier() => MerkleFrontier.Deserialize(FromSeq, [.. Subtrees.SelectMany(s => s)]);
}

/// <summary>A source of ledger data: the database or an export file.</summary>
public interface ILedgerSource
{
    Task<LedgerHeader> ReadHeaderAsync(CancellationToken cancellationToken);

    /// <summary>Every record up to the last sealed position, in position order.</summary>
    IAsyncEnumerable<LedgerRecord> ReadRecordsAsync(CancellationToken cancellationToken);
}

/// <summary>The verdict: intact, or the first bad position and what is wrong there.</summary>
public sealed record VerificationReport(
    bool Intact,
    long EntriesVerified,
    int CheckpointsVerified,
    long? FirstBadPosition,
    string? Problem,
    long UnsignedEntries,
    LedgerProblem Kind = LedgerProblem.None)
{
    public override string ToString() => Intact
        ? $"intact: {EntriesVerified} entries, {CheckpointsVerified} signed checkpoints" +
          (UnsignedEntries > 0 ? $", {UnsignedEntries} newest entries not yet in a checkpoint" : "")
        : FirstBadPosition is { } position
            ? $"TAMPERED at position {position}: {Problem}"
            : $"TAMPERED: {Problem}";
}

public enum LedgerProblem
{
    None,
    HashMismatch,
    Gap,
    Reordered,
    DeletedEvent,
    InsertedEvent,
    BadSignature,
    CheckpointMismatch,
    MissingFromCheckpoint,
    Malformed,
}
