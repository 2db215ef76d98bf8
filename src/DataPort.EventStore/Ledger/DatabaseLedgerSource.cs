using System.Runtime.CompilerServices;
using Npgsql;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// Reads the ledger and the events it seals straight from PostgreSQL: entries joined with Marten's events by
/// position, up to the last sealed position, so deleted and inserted event rows show up as half-empty records.
/// With a <paramref name="range"/>, only entries <c>[From, Until)</c>, the checkpoints within it and where it starts.
/// </summary>
public sealed class DatabaseLedgerSource(NpgsqlDataSource dataSource, LedgerSeqRange? range = null) : ILedgerSource
{
    public async Task<LedgerHeader> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var keys = await new LedgerKeyStore(dataSource, new LedgerOptions()).GetPublicKeysAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(
            $"SELECT {CheckpointRows.Columns} FROM ledger.checkpoints WHERE tree_size > $1 AND tree_size <= $2 ORDER BY tree_size");
        command.Parameters.Add(new() { Value = range?.From ?? 0 });
        command.Parameters.Add(new() { Value = range?.Until ?? long.MaxValue });
        var checkpoints = new List<Checkpoint>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                checkpoints.Add(CheckpointRows.Read(reader));
            }
        }
        return new LedgerHeader(keys, checkpoints, range is { From: > 0 } ? await StartAsync(range.From, cancellationToken) : null);
    }

    private async Task<LedgerRangeStart> StartAsync(long fromSeq, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT entry_hash FROM ledger.entries WHERE seq = $1");
        command.Parameters.Add(new() { Value = fromSeq - 1 });
        var previous = (byte[])(await command.ExecuteScalarAsync(cancellationToken) ?? throw new InvalidOperationException($"Ledger entry {fromSeq - 1} is missing."));
        return new LedgerRangeStart(fromSeq, previous, await LedgerSubtrees.PrefixAsync(dataSource, fromSeq, cancellationToken));
    }

    public async IAsyncEnumerable<LedgerRecord> ReadRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the whole read, so a seal running meanwhile cannot make it look inconsistent.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT l.seq, l.entry_hash, coalesce(l.position, e.seq_id), {RawEvent.Columns("e")}
            FROM ledger.entries l
            FULL JOIN (SELECT * FROM events.mt_events WHERE {RawEvent.TombstoneFilter}) e ON e.seq_id = l.position
            WHERE coalesce(l.position, e.seq_id) > (SELECT coalesce(max(position), 0) FROM ledger.entries WHERE seq < $1)
              AND coalesce(l.position, e.seq_id) <= (SELECT coalesce(max(position), 0) FROM ledger.entries WHERE seq < $2)
            ORDER BY coalesce(l.position, e.seq_id), l.seq
            """, connection, transaction);
        command.Parameters.Add(new() { Value = range?.From ?? 0 });
        command.Parameters.Add(new() { Value = range?.Until ?? long.MaxValue });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = reader.IsDBNull(3) ? null : RawEvent.Read(reader, first: 3);
            yield return new LedgerRecord(
                reader.IsDBNull(0) ? null : reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1),
                reader.GetInt64(2),
                stored);
        }
    }
}

/// <summary>Ledger entries <c>[From, Until)</c> by their index in the tree (seq).</summary>
public sealed record LedgerSeqRange(long From, long Until);

/// <summary>How a <c>ledger.checkpoints</c> row is selected and read, for every query that lists checkpoints.</summary>
internal static class CheckpointRows
{
    public const string Columns = "tree_size, root_hash, signed_at, key_id, signature";

    public static Checkpoint Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetFieldValue<byte[]>(1),
        new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero),
        reader.GetInt32(3),
        reader.GetFieldValue<byte[]>(4));
}
