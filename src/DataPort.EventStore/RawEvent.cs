using Npgsql;

namespace DataPort.EventStore;

/// <summary>An event row of Marten's <c>events.mt_events</c> exactly as stored (data and headers as <c>jsonb</c> text), for the ledger.</summary>
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
    /// <summary>
    /// The columns <see cref="Read"/> expects, from <c>events.mt_events</c> aliased <paramref name="alias"/>. Marten writes
    /// "no headers" as JSON <c>null</c>; it reads as absent, as it was in the event store before Marten.
    /// </summary>
    public static string Columns(string alias) =>
        $"{alias}.seq_id, {alias}.stream_id, {alias}.version, {alias}.type, {alias}.data::text, {alias}.correlation_id, " +
        $"{alias}.causation_id, {alias}.user_name, nullif({alias}.headers, 'null'::jsonb)::text, {alias}.timestamp";

    /// <summary>Marten's placeholder for a failed quick append: never an event of DataPort's.</summary>
    public const string TombstoneFilter = "type <> 'tombstone'";

    /// <summary>Reads the row at <paramref name="first"/> onwards, in the order of <see cref="Columns"/>.</summary>
    public static RawEvent Read(NpgsqlDataReader reader, int first = 0) => new(
        reader.GetInt64(first),
        reader.GetString(first + 1),
        reader.GetInt64(first + 2),
        reader.GetString(first + 3),
        reader.GetString(first + 4),
        NullableString(reader, first + 5),
        NullableString(reader, first + 6),
        NullableString(reader, first + 7),
        NullableString(reader, first + 8),
        new DateTimeOffset(reader.GetFieldValue<DateTime>(first + 9), TimeSpan.Zero));

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
