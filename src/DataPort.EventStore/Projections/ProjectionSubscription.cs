using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;

namespace DataPort.EventStore.Projections;

/// <summary>Runs one <see cref="IAsyncProjection"/> as a Marten subscription.</summary>
/// <remarks>
/// Marten loads only the event types the projection names, so it never reads (nor fails on) events it has no use
/// for, such as types older than this deployment's classes. The projection is resolved on the first page, not when
/// Marten is configured: reactions depend on the grains, which depend on the store being built.
/// </remarks>
internal sealed class ProjectionSubscription : SubscriptionBase
{
    private readonly Lazy<IAsyncProjection> projection;
    private readonly NpgsqlDataSource dataSource;

    public ProjectionSubscription(string name, IReadOnlyCollection<Type> eventTypes, Func<IAsyncProjection> resolve, NpgsqlDataSource dataSource)
    {
        Name = name;
        foreach (var type in eventTypes)
        {
            IncludeType(type);
        }
        projection = new(resolve);
        this.dataSource = dataSource;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        if (page.Events.Count > 0)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await projection.Value.ApplyAsync(transaction, page.Events, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return NullChangeListener.Instance;
    }
}
