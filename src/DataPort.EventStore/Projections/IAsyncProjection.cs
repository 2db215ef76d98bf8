using JasperFx.Events;
using Npgsql;

namespace DataPort.EventStore.Projections;

/// <summary>
/// A read model or a reaction that follows the event log behind the writers. It runs as a Marten subscription on
/// the async daemon (one node of the cluster at a time), sees committed events in global order up to Marten's
/// high-water mark, and is given each page with a transaction of its own. Register it with
/// <see cref="EventStoreRegistration.AddAsyncProjection{T}"/>, which names it.
/// </summary>
/// <remarks>
/// Delivery is at least once: if a node dies between this transaction's commit and Marten's progress, the page
/// comes again. Every effect must therefore be idempotent (upserts keyed by stream and version, grain commands
/// that are no-ops when already done).
/// </remarks>
public interface IAsyncProjection
{
    Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken);
}
