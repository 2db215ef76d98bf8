namespace DataPort.EventStore;

/// <summary>
/// Who caused an append and why; stored with every event of the append. <see cref="StreamType"/> is
/// recorded on the stream row when the stream is created.
/// </summary>
public sealed record EventMetadata(
    string? Actor = null,
    string? CorrelationId = null,
    string? CausationId = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? StreamType = null)
{
    public static EventMetadata None { get; } = new();
}
