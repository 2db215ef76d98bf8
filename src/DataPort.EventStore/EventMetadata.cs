namespace DataPort.EventStore;

/// <summary>
/// Who caused an append and why, stored with every event of the append in Marten's metadata columns:
/// <see cref="Actor"/> as <c>user_name</c>, the trace id as <c>correlation_id</c>, and any <see cref="Headers"/>.
/// </summary>
public sealed record EventMetadata(
    string? Actor = null,
    string? CorrelationId = null,
    string? CausationId = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static EventMetadata None { get; } = new();
}
