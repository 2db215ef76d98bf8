namespace DataPort.Grains.EventSourcing;

/// <summary>
/// A command could not be applied on top of the stream's current version: either the caller's expected
/// version (HTTP <c>If-Match</c>) is stale, or other writers kept winning past the retry limit. HTTP 409.
/// </summary>
public sealed class GrainConcurrencyException(string streamId, long? expectedVersion, long actualVersion, string message) : Exception(message)
{
    public string StreamId { get; } = streamId;

    public long? ExpectedVersion { get; } = expectedVersion;

    public long ActualVersion { get; } = actualVersion;
}
