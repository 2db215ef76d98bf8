using Npgsql;

namespace DataPort.EventStore.Projections;

/// <summary>
/// A read model the <see cref="ProjectionDaemon"/> keeps up to date behind the writers. Each batch is
/// applied in one transaction together with the projection's progress, so every event is applied once.
/// </summary>
public interface IAsyncProjection
{
    /// <summary>Stable name: the key of its progress row and of its daemon lock.</summary>
    string Name { get; }

    Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);

    /// <summary>Empties the read model before a rebuild from position 0.</summary>
    Task ResetAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
