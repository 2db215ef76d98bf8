namespace DataPort.EventStore;

public interface IEventStore
{
    /// <summary>
    /// Appends <paramref name="events"/> atomically. Throws <see cref="ConcurrencyException"/> (with the
    /// actual version) when the stream is not at <paramref name="expected"/>.
    /// </summary>
    Task<AppendResult> AppendAsync(
        string streamId,
        ExpectedVersion expected,
        IReadOnlyList<object> events,
        EventMetadata metadata,
        CancellationToken cancellationToken = default);

    /// <summary>The stream's events with version ≥ <paramref name="fromVersion"/>, in order; empty when there is no stream.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long fromVersion = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="batchSize"/> committed events with a position greater than
    /// <paramref name="fromPosition"/>, in global order. This is a plain read: an event whose transaction
    /// commits later may still appear below the last position returned (use the projection daemon when
    /// that matters).
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long fromPosition = 0, int batchSize = 1000, CancellationToken cancellationToken = default);

    /// <summary>The stream's current version, 0 when it does not exist.</summary>
    Task<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default);
}
