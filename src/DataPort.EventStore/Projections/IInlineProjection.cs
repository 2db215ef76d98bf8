using JasperFx.Events;
using Npgsql;

namespace DataPort.EventStore.Projections;

/// <summary>
/// A read model kept in DataPort's own tables, updated by <see cref="EventWriter"/> in the append's transaction:
/// it is never behind, and a failure here rolls the append back. Keep it to cheap writes; anything slow or with
/// effects outside the database belongs in an <see cref="IAsyncProjection"/>.
/// </summary>
public interface IInlineProjection
{
    Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken);
}
