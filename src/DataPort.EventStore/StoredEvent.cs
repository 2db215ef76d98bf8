namespace DataPort.EventStore;

/// <summary>
/// One event as read back: its global <see cref="Position"/>, its place in the stream, its stable type
/// name and the deserialised (and, if needed, upcast) <see cref="Data"/>. An event type that is not
/// registered comes back as a <see cref="System.Text.Json.JsonElement"/>.
/// </summary>
public sealed record StoredEvent(
    long Position,
    string StreamId,
    long Version,
    string TypeName,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset Timestamp);

/// <summary>The outcome of an append: the stream's new version and each event's global position.</summary>
public sealed record AppendResult(long StreamVersion, IReadOnlyList<long> Positions);
