using Npgsql;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// The ledger on PostgreSQL. Usable without a host:
/// <c>new PostgresLedger(dataSource, LedgerOptions.FromEnvironment())</c>.
/// </summary>
public sealed class PostgresLedger : ILedger
{
    private readonly NpgsqlDataSource dataSource;
    private readonly LedgerKeyStore keys;
    private readonly TimeProvider clock;

    public PostgresLedger(NpgsqlDataSource dataSource, LedgerOptions options, TimeProvider? timeProvider = null, LedgerSealer? sealer = null)
    {
        this.dataSource = dataSource;
        clock = timeProvider ?? TimeProvider.System;
        keys = new LedgerKeyStore(dataSource, options);
        Sealer = sealer ?? new LedgerSealer(dataSource, keys, options, clock);
    }

    public LedgerSealer Sealer { get; }

    public Task<SealResult> SealPendingAsync(CancellationToken cancellationToken = default) => Sealer.SealPendingAsync(cancellationToken);

    public async Task<Checkpoint?> GetLatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {CheckpointRows.Columns} FROM ledger.checkpoints ORDER BY tree_size DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? CheckpointRows.Read(reader) : null;
    }

    public Task<IReadOnlyList<LedgerPublicKey>> GetPublicKeysAsync(CancellationToken cancellationToken = default) =>
        keys.GetPublicKeysAsync(cancellationToken);

    public async Task<InclusionProof?> GetInclusionProofAsync(long position, long? treeSize = null, CancellationToken cancellationToken = default)
    {
        var size = treeSize ?? (await GetLatestCheckpointAsync(cancellationToken))?.TreeSize ?? 0;
        await using var command = dataSource.CreateCommand("SELECT seq, entry_hash FROM ledger.entries WHERE position = $1");
        command.Parameters.Add(new() { Value = position });
        long seq;
        byte[] entryHash;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            seq = reader.GetInt64(0);
            entryHash = reader.GetFieldValue<byte[]>(1);
        }
        if (seq >= size)
        {
            return null;
        }
        var tree = await LedgerSubtrees.LoadAsync(dataSource,
            [(0, size), .. MerkleTree.RangesRead(root => MerkleTree.InclusionPath(seq, size, root))], size, cancellationToken);
        return new InclusionProof(position, seq, size, entryHash, MerkleTree.InclusionPath(seq, size, tree), tree(0, size));
    }

    public async Task<ConsistencyProof> GetConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken = default)
    {
        await using var count = dataSource.CreateCommand("SELECT coalesce(max(seq) + 1, 0) FROM ledger.entries");
        var sealedSize = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        if (secondSize > sealedSize)
        {
            throw new ArgumentOutOfRangeException(nameof(secondSize), secondSize, $"The ledger has only {sealedSize} entries.");
        }
        var tree = await LedgerSubtrees.LoadAsync(dataSource,
            [(0, firstSize), (0, secondSize), .. MerkleTree.RangesRead(root => MerkleTree.ConsistencyPath(firstSize, secondSize, root))],
            secondSize, cancellationToken);
        return new ConsistencyProof(firstSize, secondSize, tree(0, firstSize), tree(0, secondSize),
            MerkleTree.ConsistencyPath(firstSize, secondSize, tree));
    }

    public Task<VerificationReport> VerifyAsync(CancellationToken cancellationToken = default) =>
        LedgerVerifier.VerifyAsync(new DatabaseLedgerSource(dataSource), cancellationToken: cancellationToken);

    public Task<long> ExportAsync(Stream output, CancellationToken cancellationToken = default) =>
        LedgerFile.WriteAsync(new DatabaseLedgerSource(dataSource), output, clock.GetUtcNow(), cancellationToken);

    public Task<long> ExportAsync(Stream output, LedgerSeqRange range, CancellationToken cancellationToken = default) =>
        LedgerFile.WriteAsync(new DatabaseLedgerSource(dataSource, range), output, clock.GetUtcNow(), cancellationToken);

    public async Task<LedgerSeqRange?> ResolveRangeAsync(long? fromPosition, long? toPosition, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            WITH bounds AS (
                SELECT (SELECT min(seq) FROM ledger.entries WHERE position >= $1) AS first,
                       (SELECT max(seq) + 1 FROM ledger.entries WHERE position <= $2) AS until)
            SELECT first, coalesce((SELECT min(tree_size) FROM ledger.checkpoints WHERE tree_size >= until), until)
            FROM bounds WHERE first < until
            """);
        command.Parameters.Add(new() { Value = fromPosition ?? 0 });
        command.Parameters.Add(new() { Value = toPosition ?? long.MaxValue });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LedgerSeqRange(reader.GetInt64(0), reader.GetInt64(1)) : null;
    }
}
