using DataPort.Domain.Trading;
using DataPort.Grains.EventSourcing;
using Orleans;

namespace DataPort.Trading.Orders;

/// <summary>One order (订单), keyed by its order id.</summary>
public interface IOrderGrain : IGrainWithStringKey
{
    Task<Versioned<Order>?> GetAsync();

    Task<Versioned<Order>> ExecuteAsync(OrderCommand command, string actor, long? expectedVersion = null);
}
