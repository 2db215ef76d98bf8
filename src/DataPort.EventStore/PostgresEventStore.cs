using DataPort.EventStore.Projections;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.EventStore;

/// <summary>
/// The event store on PostgreSQL. An append is one call of <c>events.append</c> (version check and
/// inserts under the stream row's lock only), so writers to different streams never wait on each other.
/// Usable without a host: <c>new PostgresEventStore(dataSource, registry)</c>.
/// </summary>
public sealed class PostgresEventStore(
    NpgsqlDataSource dataSource,
    EventTypeRegistry registry,
    IEnumerable<IInlineProjection>? inlineProjections = null) : IEventStore
{
    private const string AppendSql = "SELECT new_version, actual_version, positions FROM events.append($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    private readonly IInlineProjection[] inline = inlineProjections?.ToArray() ?? [];

    public EventTypeRegistry Registry => registry;

    public async Task<AppendResult> AppendAsync(
        string streamId,
        ExpectedVersion expected,
        IReadOnlyList<object> events,
        EventMetadata metadata,
        CancellationToken cancellationToken = default)
    {
        if (inline.Length == 0)
        {
            // No inline projection: a single autocommit statement, one round trip.
            await using var command = dataSource.CreateCommand(AppendSql);
            AddAppendParameters(command, streamId, expected, events, metadata);
            return await ExecuteAppendAsync(command, streamId, expected, cancellationToken);
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await AppendAsync(transaction, streamId, expected, events, metadata, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Appends inside the caller's transaction (so other writes commit or roll back with the events);
    /// inline projections run in it too.
    /// </summary>
    public async Task<AppendResult> AppendAsync(
        NpgsqlTransaction transaction,
        string streamId,
        ExpectedVersion expected,
        IReadOnlyList<object> events,
        EventMetadata metadata,
        CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(AppendSql, transaction.Connection, transaction);
        AddAppendParameters(command, streamId, expected, events, metadata);
        var result = await ExecuteAppendAsync(command, streamId, expected, cancellationToken);
        if (inline.Length > 0)
        {
            var timestamp = await TransactionTimestampAsync(transaction, cancellationToken);
            var stored = new StoredEvent[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                stored[i] = new StoredEvent(
                    result.Positions[i], streamId, result.StreamVersion - events.Count + 1 + i,
                    registry.NameOf(events[i].GetType()), events[i], metadata with { StreamType = null }, timestamp);
            }
            foreach (var projection in inline)
            {
                await projection.ApplyAsync(transaction, stored, cancellationToken);
            }
        }
        return result;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long fromVersion = 1, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {EventRows.Columns} FROM events.events WHERE stream_id = $1 AND version >= $2 ORDER BY version");
        command.Parameters.Add(new() { Value = streamId });
        command.Parameters.Add(new() { Value = fromVersion });
        return await ReadEventsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long fromPosition = 0, int batchSize = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        await using var command = dataSource.CreateCommand(
            $"SELECT {EventRows.Columns} FROM events.events WHERE position > $1 ORDER BY position LIMIT $2");
        command.Parameters.Add(new() { Value = fromPosition });
        command.Parameters.Add(new() { Value = batchSize });
        return await ReadEventsAsync(command, cancellationToken);
    }

    public async Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT version FROM events.streams WHERE id = $1");
        command.Parameters.Add(new() { Value = streamId });
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    private void AddAppendParameters(NpgsqlCommand command, string streamId, ExpectedVersion expected, IReadOnlyList<object> events, EventMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }
        var types = new string[events.Count];
        var data = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            types[i] = registry.NameOf(events[i].GetType());
            data[i] = registry.Serialize(events[i]);
        }
        var parameters = command.Parameters;
        parameters.Add(new() { Value = streamId, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = (object?)metadata.StreamType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = expected.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        parameters.Add(new() { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new() { Value = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        parameters.Add(new() { Value = (object?)metadata.CorrelationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = (object?)metadata.CausationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = (object?)metadata.Actor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = (object?)EventRows.SerializeHeaders(metadata.Headers) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
    }

    private static async Task<AppendResult> ExecuteAppendAsync(NpgsqlCommand command, string streamId, ExpectedVersion expected, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.IsDBNull(0))
        {
            throw new ConcurrencyException(streamId, expected, reader.GetInt64(1));
        }
        return new AppendResult(reader.GetInt64(0), reader.GetFieldValue<long[]>(2));
    }

    private static async Task<DateTimeOffset> TransactionTimestampAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // recorded_at defaults to now(), the transaction's start time, so this is the events' timestamp.
        await using var command = new NpgsqlCommand("SELECT now()", transaction.Connection, transaction);
        var value = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new DateTimeOffset(value, TimeSpan.Zero);
    }

    private async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(EventRows.Read(reader, registry));
        }
        return result;
    }
}
