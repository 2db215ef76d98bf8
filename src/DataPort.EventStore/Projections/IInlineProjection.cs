using Npgsql;

namespace DataPort.EventStore.Projections;

/// <summary>
/// A read model updated in the append's own transaction: it is never behind, and a failure here rolls
/// the append back. Keep it to cheap writes; anything slow belongs in an <see cref="IAsyncProjection"/>.
/// </summary>
public interface IInlineProjection
{
    Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);
}
