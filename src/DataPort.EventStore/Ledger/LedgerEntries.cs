using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// One event as the regulators' view shows it: its position, when it was recorded, what it is about (its stream),
/// who did it, its body, and whether (and with which entry hash) the ledger has sealed it yet.
/// </summary>
public sealed record LedgerEntry(
    long Position,
    long? Seq,
    string? EntryHash,
    DateTimeOffset RecordedAt,
    DateTimeOffset? SealedAt,
    string StreamId,
    long Version,
    string Type,
    string? Actor,
    JsonElement Data);

/// <summary>
/// Filters over the history; any may be null. <paramref name="StreamId"/> is a subject (<c>grant-…</c>, <c>dataset-…</c>);
/// <paramref name="Streams"/> limits entries to a set of subjects (an organisation's).
/// With <paramref name="AfterPosition"/> entries come oldest first from just after that position; otherwise newest first.
/// </summary>
public sealed record LedgerEntryQuery(
    string? StreamId = null,
    string? Type = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? AfterPosition = null,
    int Page = 1,
    int PageSize = 50,
    IReadOnlyList<string>? Streams = null);

/// <summary>Where sealing stands: the newest event, the newest sealed one, the last signed checkpoint.</summary>
public sealed record LedgerStatus(
    long LastEventPosition,
    long LastSealedPosition,
    long TreeSize,
    long UnsealedEvents,
    DateTimeOffset? LastSealedAt,
    Checkpoint? LastCheckpoint,
    IReadOnlyList<LedgerPublicKey> Keys);

/// <summary>Reads the history for the regulators' API: events joined with their ledger entries.</summary>
public sealed class LedgerEntries(NpgsqlDataSource dataSource, ILedger ledger)
{
    // Marten's events under the names the regulators' API has always used; PostgreSQL folds this into each query.
    private const string Events = $"""
        (SELECT seq_id AS position, stream_id, version, type, data, user_name AS actor, timestamp AS recorded_at
         FROM events.mt_events WHERE {RawEvent.TombstoneFilter})
        """;

    private const string Select = $"""
        SELECT e.position, l.seq, l.entry_hash, e.recorded_at, l.sealed_at, e.stream_id, e.version, e.type, e.actor, e.data::text
        FROM {Events} e LEFT JOIN ledger.entries l ON l.position = e.position
        """;

    private const string Filter = """
        ($1::text IS NULL OR e.stream_id = $1)
        AND ($2::text IS NULL OR e.type = $2)
        AND ($3::timestamptz IS NULL OR e.recorded_at >= $3)
        AND ($4::timestamptz IS NULL OR e.recorded_at < $4)
        AND ($5::bigint IS NULL OR e.position > $5)
        AND ($6::text[] IS NULL OR e.stream_id = ANY ($6))
        """;

    public async Task<(IReadOnlyList<LedgerEntry> Items, int Total)> ListAsync(LedgerEntryQuery query, CancellationToken cancellationToken = default)
    {
        var order = query.AfterPosition is null ? "e.position DESC" : "e.position";
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"{Select} WHERE {Filter} ORDER BY {order} LIMIT $7 OFFSET $8", query, paged: true));
        batch.BatchCommands.Add(Command($"SELECT count(*)::int FROM {Events} e WHERE {Filter}", query, paged: false));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = new List<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (items, reader.GetInt32(0));
    }

    /// <summary>
    /// How many entries the query's filter holds per day (days starting at <paramref name="offset"/> from UTC, e.g. +8
    /// for Beijing), for a chart of the ledger's growth; days with none are left out.
    /// </summary>
    public async Task<IReadOnlyList<(DateOnly Day, long Entries)>> PerDayAsync(LedgerEntryQuery query, TimeSpan offset, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        var command = Command($"""
            SELECT (e.recorded_at AT TIME ZONE 'UTC' + $7::interval)::date AS day, count(*)
            FROM {Events} e WHERE {Filter} GROUP BY day ORDER BY day
            """, query, paged: false);
        command.Parameters.Add(new() { Value = offset, NpgsqlDbType = NpgsqlDbType.Interval });
        batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var days = new List<(DateOnly, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add((reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1)));
        }
        return days;
    }

    public async Task<LedgerEntry?> GetAsync(long position, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE e.position = $1");
        command.Parameters.Add(new() { Value = position });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The event of <paramref name="type"/> whose <c>data.{member}.number</c> is <paramref name="number"/> (a certificate, a voucher).</summary>
    public async Task<LedgerEntry?> FindRecordAsync(string type, string member, string number, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE e.type = $1 AND e.data -> $2 ->> 'number' = $3 ORDER BY e.position LIMIT 1");
        command.Parameters.Add(new() { Value = type });
        command.Parameters.Add(new() { Value = member });
        command.Parameters.Add(new() { Value = number });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<(IReadOnlyList<Checkpoint> Items, int Total)> ListCheckpointsAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        var list = new NpgsqlBatchCommand($"SELECT {CheckpointRows.Columns} FROM ledger.checkpoints ORDER BY tree_size DESC LIMIT $1 OFFSET $2");
        list.Parameters.Add(new() { Value = pageSize });
        list.Parameters.Add(new() { Value = (page - 1) * pageSize });
        batch.BatchCommands.Add(list);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT count(*)::int FROM ledger.checkpoints"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var items = new List<Checkpoint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(CheckpointRows.Read(reader));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (items, reader.GetInt32(0));
    }

    public async Task<LedgerStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var (lastEvent, lastSealed, treeSize, sealedAt, unsealed) = await SealingAsync(cancellationToken);
        return new LedgerStatus(lastEvent, lastSealed, treeSize, unsealed, sealedAt,
            await ledger.GetLatestCheckpointAsync(cancellationToken), await ledger.GetPublicKeysAsync(cancellationToken));
    }

    // A reader of a data-source command goes back to the pool with its connection when disposed, and Npgsql hands the
    // same reader object to that connection's next user: it must be disposed exactly once, here, before anything else.
    private async Task<(long LastEvent, long LastSealed, long TreeSize, DateTimeOffset? SealedAt, long Unsealed)> SealingAsync(
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT (SELECT coalesce(max(position), 0) FROM {Events} e),
                   coalesce(h.last_position, 0), coalesce(h.tree_size, 0), h.updated_at,
                   (SELECT count(*) FROM {Events} e WHERE e.position > coalesce(h.last_position, 0))
            FROM (SELECT 1) one LEFT JOIN ledger.head h ON true
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4));
    }

    private static LedgerEntry Read(NpgsqlDataReader reader)
    {
        using var data = JsonDocument.Parse(reader.GetString(9));
        return new LedgerEntry(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetInt64(1),
            reader.IsDBNull(2) ? null : Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2)),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetString(5),
            reader.GetInt64(6),
            reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            data.RootElement.Clone());
    }

    private static NpgsqlBatchCommand Command(string sql, LedgerEntryQuery query, bool paged)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new() { Value = (object?)query.StreamId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)query.Type ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)query.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)query.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)query.AfterPosition ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = (object?)query.Streams?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        if (paged)
        {
            command.Parameters.Add(new() { Value = query.PageSize });
            command.Parameters.Add(new() { Value = (query.Page - 1) * query.PageSize });
        }
        return command;
    }
}
