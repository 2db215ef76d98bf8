using Npgsql;

namespace DataPort.EventStore.Ledger;

/// <summary>Where sealing stopped: tree size, last sealed position, last entry hash and the Merkle frontier.</summary>
internal sealed record LedgerHead(long TreeSize, long LastPosition, byte[] LastHash, MerkleFrontier Frontier)
{
    public static async Task<LedgerHead> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT tree_size, last_position, last_hash, frontier FROM ledger.head", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new LedgerHead(0, 0, LedgerEncoding.GenesisHash, new MerkleFrontier());
        }
        var size = reader.GetInt64(0);
        return new LedgerHead(size, reader.GetInt64(1), reader.GetFieldValue<byte[]>(2),
            MerkleFrontier.Deserialize(size, reader.GetFieldValue<byte[]>(3)));
    }

    public async Task SaveAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO ledger.head (id, tree_size, last_position, last_hash, frontier) VALUES (true, $1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET tree_size = excluded.tree_size, last_position = excluded.last_position,
                last_hash = excluded.last_hash, frontier = excluded.frontier, updated_at = now()
            """, transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = TreeSize });
        command.Parameters.Add(new() { Value = LastPosition });
        command.Parameters.Add(new() { Value = LastHash });
        command.Parameters.Add(new() { Value = Frontier.Serialize() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
