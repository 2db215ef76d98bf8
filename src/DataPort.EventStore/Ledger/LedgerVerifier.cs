namespace DataPort.EventStore.Ledger;

/// <summary>
/// Recomputes the ledger from a source and stops at the first thing that does not hold: every entry's
/// hash from its event and the previous hash, positions strictly increasing, entry numbers without gaps,
/// every checkpoint's SM2 signature and its Merkle root over exactly the first tree-size entries.
/// The same code checks the database and an export file, so both find the same problems.
/// </summary>
public static class LedgerVerifier
{
    /// <param name="source">The database or an export file.</param>
    /// <param name="trustedKeys">
    /// Public keys obtained out of band. When given, checkpoints must be signed by one of them, so a
    /// forger cannot simply re-sign a rewritten ledger with a key of their own and ship it in the file.
    /// </param>
    /// <param name="cancellationToken">Stops the verification.</param>
    public static async Task<VerificationReport> VerifyAsync(
        ILedgerSource source, IReadOnlyList<LedgerPublicKey>? trustedKeys = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await VerifyCoreAsync(source, trustedKeys, cancellationToken);
        }
        catch (LedgerFormatException e)
        {
            return Fail(0, 0, null, LedgerProblem.Malformed, e.Message);
        }
    }

    /// <summary>Verifies an export file; needs no database.</summary>
    public static Task<VerificationReport> VerifyFileAsync(
        string path, IReadOnlyList<LedgerPublicKey>? trustedKeys = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(new FileLedgerSource(path), trustedKeys, cancellationToken);

    private static async Task<VerificationReport> VerifyCoreAsync(
        ILedgerSource source, IReadOnlyList<LedgerPublicKey>? trustedKeys, CancellationToken cancellationToken)
    {
        var header = await source.ReadHeaderAsync(cancellationToken);
        var keys = (trustedKeys ?? header.Keys).ToDictionary(k => k.Id, k => k.PublicKey);
        var start = header.Start;
        var checkpoints = header.Checkpoints.Where(c => c.TreeSize > (start?.FromSeq ?? 0)).OrderBy(c => c.TreeSize).ToList();
        foreach (var checkpoint in checkpoints)
        {
            if (!keys.TryGetValue(checkpoint.KeyId, out var publicKey)
                || !Sm2Signing.Verify(publicKey, checkpoint.SignedBytes(), checkpoint.Signature))
            {
                return Fail(0, 0, null, LedgerProblem.BadSignature,
                    $"the checkpoint at tree size {checkpoint.TreeSize} has a bad signature (key {checkpoint.KeyId})");
            }
        }

        MerkleFrontier frontier;
        try
        {
            frontier = start?.Frontier() ?? new MerkleFrontier();
        }
        catch (InvalidDataException e)
        {
            return Fail(0, 0, null, LedgerProblem.Malformed, $"the range's starting subtrees are malformed: {e.Message}");
        }
        var firstSeq = frontier.Size;
        var previousHash = start?.PreviousHash ?? LedgerEncoding.GenesisHash;
        long previousPosition = 0;
        long lastGoodPosition = 0;
        var nextCheckpoint = 0;
        var checkpointsVerified = 0;
        await using var records = source.ReadRecordsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        LedgerRecord? lookahead = null;
        while (lookahead is not null || await records.MoveNextAsync())
        {
            var record = lookahead ?? records.Current;
            lookahead = null;
            var seq = frontier.Size;
            var position = record.Position;
            if (record.Seq is null)
            {
                return Fail(seq - firstSeq, checkpointsVerified, position, LedgerProblem.InsertedEvent,
                    $"the event at position {position} is not in the ledger although later events are: a row was inserted");
            }
            if (record.Event is null)
            {
                return Fail(seq - firstSeq, checkpointsVerified, position, LedgerProblem.DeletedEvent,
                    $"ledger entry #{record.Seq} seals position {position}, but there is no event there: a row was deleted");
            }
            if (record.Seq > seq)
            {
                // The entry we expected may simply come later (two entries swapped): look one ahead to tell.
                if (await records.MoveNextAsync())
                {
                    lookahead = records.Current;
                    if (lookahead.Seq is { } next && next < record.Seq)
                    {
                        return Fail(seq - firstSeq, checkpointsVerified, position, LedgerProblem.Reordered,
                            $"reordered: entry #{record.Seq} at position {position} comes before entry #{next} at position {lookahead.Position}");
                    }
                }
                return Fail(seq - firstSeq, checkpointsVerified, position, LedgerProblem.Gap,
                    $"gap: ledger entries #{seq}..#{record.Seq - 1} (after position {previousPosition}) are missing");
            }
            if (record.Seq < seq || position <= previousPosition)
            {
                return Fail(seq - firstSeq, checkpointsVerified, position, LedgerProblem.Reordered,
                    $"reordered: entry #{record.Seq} at position {position} comes after entry #{seq - 1} at position {previousPosition}");
            }
            var hash = LedgerEncoding.EntryHash(previousHash, record.Event, record.Canonical);
            if (record.Hash is null || !hash.AsSpan().SequenceEqual(record.Hash))
            {
                return Fail(seq - firstSeq, checkpointsVerified, position, LedgerProblem.HashMismatch,
                    $"hash mismatch at entry #{seq}: the event's data, type, stream, metadata or place in the order differs from what was sealed");
            }
            frontier.Append(MerkleTree.LeafHash(hash));
            previousHash = hash;
            previousPosition = position;
            while (nextCheckpoint < checkpoints.Count && checkpoints[nextCheckpoint].TreeSize == frontier.Size)
            {
                if (!frontier.Root().AsSpan().SequenceEqual(checkpoints[nextCheckpoint].RootHash))
                {
                    return Fail(frontier.Size - firstSeq, checkpointsVerified, position, LedgerProblem.CheckpointMismatch,
                        $"the signed checkpoint at tree size {frontier.Size} does not match the entries: " +
                        $"an entry after position {lastGoodPosition} and up to {position} was rewritten");
                }
                checkpointsVerified++;
                lastGoodPosition = position;
                nextCheckpoint++;
            }
        }
        if (nextCheckpoint < checkpoints.Count)
        {
            var missing = checkpoints[nextCheckpoint];
            return Fail(frontier.Size - firstSeq, checkpointsVerified, previousPosition + 1, LedgerProblem.MissingFromCheckpoint,
                $"the signed checkpoint at tree size {missing.TreeSize} covers entries that are missing: only {frontier.Size} entries remain");
        }
        var signed = checkpoints.Count == 0 ? firstSeq : checkpoints[^1].TreeSize;
        return new VerificationReport(true, frontier.Size - firstSeq, checkpointsVerified, null, null, frontier.Size - signed);
    }

    private static VerificationReport Fail(long verified, int checkpoints, long? position, LedgerProblem kind, string problem) =>
        new(false, verified, checkpoints, position, problem, 0, kind);
}
