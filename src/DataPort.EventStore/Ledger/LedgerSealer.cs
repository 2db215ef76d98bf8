using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// Seals committed events into the ledger, in global order, behind the writers: appends never wait for
/// it. It reads Marten's events up to Marten's high-water mark, below which every event has committed or never
/// will (so a late-committing event is never skipped), and holds an advisory lock while it works, so concurrent
/// seals from several nodes do not interleave. The async daemon (on whichever node leads it) keeps the mark moving
/// and seals as events arrive (<see cref="LedgerSubscription"/>); the jobs module's periodic seal signs the checkpoints.
/// </summary>
public sealed partial class LedgerSealer(
    NpgsqlDataSource dataSource,
    LedgerKeyStore keys,
    LedgerOptions options,
    TimeProvider? timeProvider = null,
    ILogger<LedgerSealer>? logger = null)
{
    // An arbitrary constant that names "the sealer's lock" in every process ("DPSEAL").
    internal const long LockKey = 0x44_50_53_45_41_4C;

    private static readonly string PendingSql = $"""
        SELECT {RawEvent.Columns("e")} FROM events.mt_events e
        WHERE e.seq_id > $1
          AND e.seq_id <= (SELECT last_seq_id FROM events.mt_event_progression WHERE name = 'HighWaterMark')
          AND e.{RawEvent.TombstoneFilter}
        ORDER BY e.seq_id LIMIT $2
        """;

    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;
    private readonly ILogger log = logger ?? NullLogger<LedgerSealer>.Instance;

    // Once this process has caught the subtree roots up, every seal extends them in its own transaction.
    private bool subtreesCaughtUp;

    /// <summary>
    /// Seals every event committed so far (batch by batch) and, if the tree grew since the last checkpoint, signs one.
    /// Returns <see cref="SealResult.Busy"/> when another process is sealing right now.
    /// </summary>
    public Task<SealResult> SealPendingAsync(CancellationToken cancellationToken = default) => SealAsync(signCheckpoint: true, cancellationToken);

    /// <summary>Seals every event committed so far, leaving the signature to the next <see cref="SealPendingAsync"/>.</summary>
    public Task<SealResult> SealEntriesAsync(CancellationToken cancellationToken = default) => SealAsync(signCheckpoint: false, cancellationToken);

    private async Task<SealResult> SealAsync(bool signCheckpoint, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await TryLockAsync(connection, cancellationToken))
        {
            return new SealResult(0, 0, null, Busy: true);
        }
        try
        {
            var head = await LedgerHead.LoadAsync(connection, cancellationToken);
            if (!subtreesCaughtUp)
            {
                await CatchUpSubtreesAsync(connection, head, cancellationToken);
                subtreesCaughtUp = true;
            }
            long sealedNow = 0;
            while (true)
            {
                var batch = await ReadPendingAsync(connection, head.LastPosition, cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }
                head = await AppendEntriesAsync(connection, head, batch, cancellationToken);
                sealedNow += batch.Count;
                if (batch.Count < options.BatchSize)
                {
                    break;
                }
            }
            var checkpoint = signCheckpoint ? await CheckpointIfGrownAsync(connection, head, cancellationToken) : null;
            if (sealedNow > 0)
            {
                LogSealed(sealedNow, head.TreeSize);
            }
            return new SealResult(sealedNow, head.TreeSize, checkpoint);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            unlock.Parameters.Add(new() { Value = LockKey });
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<List<RawEvent>> ReadPendingAsync(NpgsqlConnection connection, long afterPosition, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PendingSql, connection);
        command.Parameters.Add(new() { Value = afterPosition });
        command.Parameters.Add(new() { Value = options.BatchSize });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var batch = new List<RawEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            batch.Add(RawEvent.Read(reader));
        }
        return batch;
    }

    private static async Task<LedgerHead> AppendEntriesAsync(NpgsqlConnection connection, LedgerHead head, List<RawEvent> batch, CancellationToken cancellationToken)
    {
        var seqs = new long[batch.Count];
        var positions = new long[batch.Count];
        var hashes = new byte[batch.Count][];
        var previous = head.LastHash;
        var frontier = head.Frontier;
        for (var i = 0; i < batch.Count; i++)
        {
            var hash = LedgerEncoding.EntryHash(previous, batch[i]);
            seqs[i] = head.TreeSize + i;
            positions[i] = batch[i].Position;
            hashes[i] = hash;
            frontier.Append(MerkleTree.LeafHash(hash));
            previous = hash;
        }
        var next = new LedgerHead(head.TreeSize + batch.Count, batch[^1].Position, previous, frontier);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO ledger.entries (seq, position, entry_hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])",
            connection, transaction))
        {
            insert.Parameters.Add(new() { Value = seqs });
            insert.Parameters.Add(new() { Value = positions });
            insert.Parameters.Add(new() { Value = hashes });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await LedgerSubtrees.ExtendAsync(transaction, next.TreeSize, cancellationToken);
        await next.SaveAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    /// <summary>A ledger sealed before subtree roots were stored gets them on this process's first seal, even if nothing new came.</summary>
    private static async Task CatchUpSubtreesAsync(NpgsqlConnection connection, LedgerHead head, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LedgerSubtrees.ExtendAsync(transaction, head.TreeSize, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<Checkpoint?> CheckpointIfGrownAsync(NpgsqlConnection connection, LedgerHead head, CancellationToken cancellationToken)
    {
        await using (var last = new NpgsqlCommand("SELECT coalesce(max(tree_size), 0) FROM ledger.checkpoints", connection))
        {
            if ((long)(await last.ExecuteScalarAsync(cancellationToken))! >= head.TreeSize)
            {
                return null;
            }
        }
        var (keyId, privateKey) = await keys.GetSigningKeyAsync(connection, cancellationToken);
        var now = clock.GetUtcNow();
        // Stored as timestamptz (microseconds): sign exactly what will be read back.
        var timestamp = LedgerEncoding.FromUnixMicroseconds(LedgerEncoding.ToUnixMicroseconds(now));
        var root = head.Frontier.Root();
        var signature = Sm2Signing.Sign(privateKey, Checkpoint.SignedBytes(head.TreeSize, root, timestamp, keyId));
        var checkpoint = new Checkpoint(head.TreeSize, root, timestamp, keyId, signature);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO ledger.checkpoints (tree_size, root_hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)", connection);
        insert.Parameters.Add(new() { Value = checkpoint.TreeSize });
        insert.Parameters.Add(new() { Value = checkpoint.RootHash });
        insert.Parameters.Add(new() { Value = checkpoint.Timestamp });
        insert.Parameters.Add(new() { Value = checkpoint.KeyId });
        insert.Parameters.Add(new() { Value = checkpoint.Signature });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return checkpoint;
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new() { Value = LockKey });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger: sealed {Count} events, tree size {TreeSize}")]
    private partial void LogSealed(long count, long treeSize);
}
