namespace DataPort.EventStore;

/// <summary>An append's expected version did not match the stream; nothing was written.</summary>
public sealed class ConcurrencyException : Exception
{
    public ConcurrencyException(string streamId, ExpectedVersion expected, long actualVersion)
        : base($"Stream '{streamId}' was expected at version {expected} but is at {(actualVersion == 0 ? "no stream" : actualVersion)}.")
    {
        StreamId = streamId;
        Expected = expected;
        ActualVersion = actualVersion;
    }

    public string StreamId { get; }

    public ExpectedVersion Expected { get; }

    /// <summary>The stream's version when the append was refused; 0 when the stream does not exist.</summary>
    public long ActualVersion { get; }
}
