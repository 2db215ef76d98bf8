using Npgsql;

namespace DataPort.EventStore;

/// <summary>An event row exactly as stored (data and headers as <c>jsonb</c> text), for the daemon and the ledger.</summary>
public sealed record RawEvent(
    long Position,
    string StreamId,
    long Version,
    string Type,
    string Data,
    string? CorrelationId,
    string? CausationId,
    string? Actor,
    string? Headers,
    DateTimeOffset Timestamp)
{
    internal static RawEvent Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetString(4),
        EventRows.NullableString(reader, 5),
        EventRows.NullableString(reader, 6),
        EventRows.NullableString(reader, 7),
        EventRows.NullableString(reader, 8),
        new DateTimeOffset(reader.GetFieldValue<DateTime>(9), TimeSpan.Zero));

    public StoredEvent ToStored(EventTypeRegistry registry) => new(
        Position, StreamId, Version, Type, registry.Deserialize(Type, Data),
        new EventMetadata(Actor, CorrelationId, CausationId, EventRows.ParseHeaders(Headers)), Timestamp);
}
