using System.Text.Json;
using Npgsql;

namespace DataPort.EventStore;

/// <summary>The one column list every event read uses, and how a row becomes a <see cref="StoredEvent"/>.</summary>
internal static class EventRows
{
    public const string Columns =
        "position, stream_id, version, type, data::text, correlation_id, causation_id, actor, headers::text, recorded_at";

    public static StoredEvent Read(NpgsqlDataReader reader, EventTypeRegistry registry)
    {
        var type = reader.GetString(3);
        return new StoredEvent(
            Position: reader.GetInt64(0),
            StreamId: reader.GetString(1),
            Version: reader.GetInt64(2),
            TypeName: type,
            Data: registry.Deserialize(type, reader.GetString(4)),
            Metadata: new EventMetadata(
                Actor: NullableString(reader, 7),
                CorrelationId: NullableString(reader, 5),
                CausationId: NullableString(reader, 6),
                Headers: ParseHeaders(NullableString(reader, 8))),
            Timestamp: new DateTimeOffset(reader.GetFieldValue<DateTime>(9), TimeSpan.Zero));
    }

    public static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static IReadOnlyDictionary<string, string>? ParseHeaders(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);

    public static string? SerializeHeaders(IReadOnlyDictionary<string, string>? headers) =>
        headers is null ? null : JsonSerializer.Serialize(headers);
}
