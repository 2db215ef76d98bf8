using DataPort.EventStore.Projections;
using Npgsql;

namespace DataPort.EventStore.Tests;

/// <summary>A projection that counts how often it saw each position, so a test can tell lost from duplicated.</summary>
public sealed class SeenProjection(string name) : IAsyncProjection
{
    public string Name => name;

    private string Table => $"public.seen_{name}";

    public async Task CreateAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            $"CREATE TABLE IF NOT EXISTS {Table} (position bigint PRIMARY KEY, times int NOT NULL)");
        await command.ExecuteNonQueryAsync();
    }

    public async Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {Table} (position, times) SELECT unnest($1::bigint[]), 1 ON CONFLICT (position) DO UPDATE SET times = {Table}.times + 1",
            transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = events.Select(e => e.Position).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ResetAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"TRUNCATE {Table}", transaction.Connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(long Count, long Duplicates)> CountAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*), count(*) FILTER (WHERE times <> 1) FROM {Table}");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Positions in the log that the projection never saw, and seen positions that are not in the log.</summary>
    public async Task<long> MismatchesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT count(*) FROM events.events e FULL JOIN {Table} s USING (position) WHERE e.position IS NULL OR s.position IS NULL");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
