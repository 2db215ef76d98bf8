using JasperFx.Events;
using Marten;
using Marten.Services;
using Npgsql;

namespace DataPort.EventStore;

/// <summary>
/// Every append of DataPort goes through here: Marten appends the events (with the expected version, when
/// given) and runs its inline projections in the same transaction, so a read model never disagrees with the
/// stream it comes from and a failing projection writes nothing.
/// </summary>
/// <remarks>
/// A version conflict is Marten's <see cref="EventStreamUnexpectedMaxEventIdException"/>, whichever writer in
/// whichever process got there first. Marten detects most conflicts itself; in a transaction it does not own, two
/// writers that both passed its check collide on its unique keys instead, and that is the same conflict.
/// </remarks>
public sealed class EventWriter(IDocumentStore store, NpgsqlDataSource dataSource)
{
    /// <param name="streamId">The stream's key, <c>{type}-{id}</c>.</param>
    /// <param name="expectedVersion">The stream's version before this append (0: it must not exist yet); null appends whatever the version.</param>
    /// <param name="events">At least one event of a type registered with an alias.</param>
    /// <param name="metadata">Recorded with each event.</param>
    /// <param name="cancellationToken">Cancels before the commit; nothing is then written.</param>
    /// <returns>The stream's version after the append and each event's global position.</returns>
    public async Task<Appended> AppendAsync(
        string streamId, long? expectedVersion, IReadOnlyList<object> events, EventMetadata metadata, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var appended = await AppendAsync(transaction, streamId, expectedVersion, events, metadata, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return appended;
    }

    /// <summary>Appends inside the caller's transaction, so the caller's other writes commit or roll back with the events.</summary>
    public async Task<Appended> AppendAsync(
        NpgsqlTransaction transaction, string streamId, long? expectedVersion, IReadOnlyList<object> events, EventMetadata metadata,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }
        if (expectedVersion is null)
        {
            // Marten numbers a version-less append from the stream's version as it reads it, so two at once collide
            // on its keys. Such appends to one stream take turns instead: "whatever the version" must never fail.
            await using var turn = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", transaction.Connection, transaction);
            turn.Parameters.Add(new() { Value = streamId });
            await turn.ExecuteNonQueryAsync(cancellationToken);
        }
        return await SaveAsync(transaction, streamId, expectedVersion, events, metadata, cancellationToken);
    }

    private async Task<Appended> SaveAsync(
        NpgsqlTransaction transaction, string streamId, long? expectedVersion, IReadOnlyList<object> events, EventMetadata metadata,
        CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        session.LastModifiedBy = metadata.Actor;
        session.CorrelationId = metadata.CorrelationId;
        session.CausationId = metadata.CausationId;
        foreach (var (name, value) in metadata.Headers ?? new Dictionary<string, string>())
        {
            session.SetHeader(name, value);
        }
        var appended = expectedVersion is { } before
            ? session.Events.Append(streamId, before + events.Count, [.. events])
            : session.Events.Append(streamId, [.. events]);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (IsRacingWriter(e))
        {
            // Which version the other writer reached is not known here (-1); the caller reads the stream again.
            throw new EventStreamUnexpectedMaxEventIdException(streamId, typeof(object), (expectedVersion ?? 0) + events.Count, -1);
        }
        return new Appended(appended.Version, [.. appended.Events.Select(e => e.Sequence)]);
    }

    // Marten's keys: one row per stream, one event per stream and version.
    private static bool IsRacingWriter(Exception e) =>
        (e as PostgresException ?? e.InnerException as PostgresException) is
        { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pkey_mt_streams_id" or "pk_mt_events_stream_and_version" };
}

/// <summary>What an append wrote: the stream's new version and each event's global position (Marten's sequence).</summary>
public sealed record Appended(long Version, IReadOnlyList<long> Positions);
