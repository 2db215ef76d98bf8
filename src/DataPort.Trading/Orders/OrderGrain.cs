using DataPort.Domain.Certificates;
using DataPort.Domain.Trading;
using DataPort.EventStore;
using DataPort.Grains;
using DataPort.Grains.EventSourcing;
using Marten;
using Microsoft.Extensions.Options;

namespace DataPort.Trading.Orders;

internal sealed class OrderGrain(IDocumentStore store, EventWriter writer, ICertificateSigner signer, IOptions<GrainOptions> options)
    : EventSourcedGrain<Order, OrderCommand, IOrderEvent>(store, writer, new OrderDecider(signer), options), IOrderGrain
{
    public const string Prefix = "order";

    protected override string StreamType => Prefix;

    public Task<Versioned<Order>?> GetAsync() => ReadAsync();

    public Task<Versioned<Order>> ExecuteAsync(OrderCommand command, string actor, long? expectedVersion = null)
    {
        GrainKeys.Check(command.OrderId, PrimaryKey);
        return base.ExecuteAsync(command, actor, expectedVersion, CancellationToken.None);
    }
}
