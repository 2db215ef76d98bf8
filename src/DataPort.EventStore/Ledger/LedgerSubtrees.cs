using Npgsql;
using NpgsqlTypes;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// The stored roots of the Merkle tree's perfect subtrees of <see cref="BlockSize"/> leaves and more
/// (<c>ledger.subtrees</c>). The sealer extends them as blocks fill; a proof reads about log2(n) of them and at most a
/// few blocks of leaves, so a proof over a million entries is two queries and a few hundred hashes, not a million.
/// </summary>
internal static class LedgerSubtrees
{
    public const int StoredLevel = 8;
    public const long BlockSize = 1L << StoredLevel;

    /// <summary>
    /// Stores the root of every block completed within <paramref name="treeSize"/> leaves and of every perfect subtree
    /// those complete above it. On a ledger sealed before subtrees were stored, the first call catches up from leaf 0.
    /// </summary>
    public static async Task ExtendAsync(NpgsqlTransaction transaction, long treeSize, CancellationToken cancellationToken)
    {
        var storedBlocks = await StoredCountAsync(transaction, cancellationToken);
        var completeBlocks = treeSize / BlockSize;
        if (storedBlocks >= completeBlocks)
        {
            return;
        }
        var rows = new List<(int Level, long Index, byte[] Hash)>();
        var (level, first) = (StoredLevel, storedBlocks);
        var fresh = await BlockRootsAsync(transaction, storedBlocks, completeBlocks, cancellationToken);
        while (true)
        {
            rows.AddRange(fresh.Select((hash, i) => (level, first + i, hash)));
            // A fresh left-over right child pairs with its left sibling, stored by an earlier seal.
            var siblings = fresh;
            if (first % 2 == 1)
            {
                siblings = [await StoredAsync(transaction, level, first - 1, cancellationToken), .. fresh];
                first--;
            }
            if (siblings.Count < 2)
            {
                break;
            }
            fresh = [.. Enumerable.Range(0, siblings.Count / 2).Select(i => MerkleTree.NodeHash(siblings[2 * i], siblings[2 * i + 1]))];
            (level, first) = (level + 1, first / 2);
        }
        await InsertAsync(transaction, rows, cancellationToken);
    }

    /// <summary>
    /// Reads, in one round trip, what the roots of <paramref name="ranges"/> in the tree of <paramref name="treeSize"/>
    /// leaves are made of, and answers those roots.
    /// </summary>
    public static async Task<MerkleTree.RangeRoot> LoadAsync(
        NpgsqlDataSource dataSource, IEnumerable<(long Start, long Count)> ranges, long treeSize, CancellationToken cancellationToken)
    {
        var subtrees = ranges.SelectMany(r => MerkleTree.PerfectSubtrees(r.Start, r.Count)).Distinct().ToList();
        var stored = subtrees.Where(s => s.Level >= StoredLevel).ToList();
        var blocks = subtrees.Where(s => s.Level < StoredLevel).Select(s => (s.Index << s.Level) / BlockSize).Distinct().ToArray();

        await using var batch = dataSource.CreateBatch();
        var subtreeQuery = new NpgsqlBatchCommand("""
            SELECT s.level, s."index", s.hash
            FROM unnest($1::smallint[], $2::bigint[]) AS wanted(level, "index")
            JOIN ledger.subtrees s USING (level, "index")
            """);
        subtreeQuery.Parameters.Add(new() { Value = stored.Select(s => (short)s.Level).ToArray() });
        subtreeQuery.Parameters.Add(new() { Value = stored.Select(s => s.Index).ToArray() });
        var leafQuery = new NpgsqlBatchCommand("""
            SELECT e.seq, e.entry_hash
            FROM unnest($1::bigint[]) AS wanted(block)
            JOIN ledger.entries e ON e.seq >= wanted.block * $2 AND e.seq < least((wanted.block + 1) * $2, $3)
            """);
        leafQuery.Parameters.Add(new() { Value = blocks });
        leafQuery.Parameters.Add(new() { Value = BlockSize });
        leafQuery.Parameters.Add(new() { Value = treeSize });
        batch.BatchCommands.Add(subtreeQuery);
        batch.BatchCommands.Add(leafQuery);

        var roots = new Dictionary<(int Level, long Index), byte[]>();
        var leaves = new Dictionary<long, byte[]>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                roots[(reader.GetInt16(0), reader.GetInt64(1))] = reader.GetFieldValue<byte[]>(2);
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                leaves[reader.GetInt64(0)] = MerkleTree.LeafHash(reader.GetFieldValue<byte[]>(1));
            }
        }

        byte[] Subtree(int level, long index)
        {
            if (level >= StoredLevel)
            {
                return roots.TryGetValue((level, index), out var root) ? root
                    : throw new InvalidOperationException($"The ledger's stored subtree ({level}, {index}) is missing: the sealer stores it; seal, then ask again.");
            }
            return level == 0
                ? leaves.TryGetValue(index, out var leaf) ? leaf : throw new InvalidOperationException($"Ledger leaf {index} is missing.")
                : MerkleTree.NodeHash(Subtree(level - 1, 2 * index), Subtree(level - 1, 2 * index + 1));
        }

        return (start, count) =>
        {
            var parts = MerkleTree.PerfectSubtrees(start, count).Select(s => Subtree(s.Level, s.Index)).ToList();
            if (parts.Count == 0)
            {
                return MerkleTree.EmptyRoot;
            }
            var root = parts[^1];
            for (var i = parts.Count - 2; i >= 0; i--)
            {
                root = MerkleTree.NodeHash(parts[i], root);
            }
            return root;
        };
    }

    /// <summary>The roots of the perfect subtrees of the first <paramref name="size"/> leaves, largest first (a range export's start).</summary>
    public static async Task<IReadOnlyList<byte[]>> PrefixAsync(NpgsqlDataSource dataSource, long size, CancellationToken cancellationToken)
    {
        var parts = MerkleTree.PerfectSubtrees(0, size).Select(s => (Start: s.Index << s.Level, Count: 1L << s.Level)).ToList();
        var tree = await LoadAsync(dataSource, parts, size, cancellationToken);
        return [.. parts.Select(p => tree(p.Start, p.Count))];
    }

    private static async Task<long> StoredCountAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""SELECT coalesce(max("index") + 1, 0) FROM ledger.subtrees WHERE level = $1""",
            transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = (short)StoredLevel });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<byte[]>> BlockRootsAsync(NpgsqlTransaction transaction, long firstBlock, long endBlock, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT entry_hash FROM ledger.entries WHERE seq >= $1 AND seq < $2 ORDER BY seq",
            transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = firstBlock * BlockSize });
        command.Parameters.Add(new() { Value = endBlock * BlockSize });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var roots = new List<byte[]>();
        var block = new MerkleFrontier();
        while (await reader.ReadAsync(cancellationToken))
        {
            block.Append(MerkleTree.LeafHash(reader.GetFieldValue<byte[]>(0)));
            if (block.Size == BlockSize)
            {
                roots.Add(block.Root());
                block = new MerkleFrontier();
            }
        }
        if (roots.Count != endBlock - firstBlock)
        {
            throw new InvalidOperationException($"Ledger entries {firstBlock * BlockSize}..{endBlock * BlockSize - 1} are not all there.");
        }
        return roots;
    }

    private static async Task<byte[]> StoredAsync(NpgsqlTransaction transaction, int level, long index, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""SELECT hash FROM ledger.subtrees WHERE level = $1 AND "index" = $2""",
            transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = (short)level });
        command.Parameters.Add(new() { Value = index });
        return (byte[])(await command.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The ledger's stored subtree ({level}, {index}) is missing."));
    }

    private static async Task InsertAsync(NpgsqlTransaction transaction, List<(int Level, long Index, byte[] Hash)> rows, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO ledger.subtrees (level, "index", hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])
            """, transaction.Connection, transaction);
        insert.Parameters.Add(new() { Value = rows.Select(r => (short)r.Level).ToArray() });
        insert.Parameters.Add(new() { Value = rows.Select(r => r.Index).ToArray() });
        insert.Parameters.Add(new() { Value = rows.Select(r => r.Hash).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
