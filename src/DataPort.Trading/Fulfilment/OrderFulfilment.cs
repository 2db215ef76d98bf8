using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Domain.Trading;
using DataPort.EventStore.Projections;
using DataPort.Grains.Datasets;
using DataPort.Grains.Grants;
using DataPort.Trading.Orders;
using JasperFx.Events;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;

namespace DataPort.Trading.Fulfilment;

/// <summary>
/// Delivers paid orders (交付): requests the access grant for the buyer, approves it at once when the licence
/// needs no owner review (the owner agreed to that when listing it), and — once the grant is issued, by that
/// approval or later by the owner — marks the order fulfilled and issues its voucher.
/// </summary>
/// <remarks>
/// Runs as a Marten subscription, so one node drives it and every event is seen. Its grain commands run outside
/// the page's transaction; each is idempotent (the grant id derives from the order id; delivery and voucher refuse
/// to repeat), so a page delivered again after a crash does no harm.
/// </remarks>
internal sealed partial class OrderFulfilment(
    IGrainFactory grains, NpgsqlDataSource dataSource, TimeProvider time, ILogger<OrderFulfilment> logger) : IAsyncProjection
{
    public const string GrantPrefix = "order-";
    private const string Actor = "system:order-fulfilment";

    /// <summary>What delivery follows; the subscription loads no other event.</summary>
    public static readonly Type[] EventTypes = [typeof(OrderPlaced), typeof(PaymentSucceeded), typeof(GrantIssued), typeof(AccessDenied), typeof(OrderCancelled)];

    public static string GrantIdFor(string orderId) => GrantPrefix + orderId;

    public async Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            switch (stored.Data)
            {
                case OrderPlaced placed when placed.Contract.Total.Fen == 0:
                    await DeliverAsync(placed.OrderId, cancellationToken);
                    break;
                case PaymentSucceeded paid:
                    await DeliverAsync(paid.OrderId, cancellationToken);
                    break;
                case GrantIssued issued when issued.GrantId.StartsWith(GrantPrefix, StringComparison.Ordinal):
                    await CompleteAsync(issued.GrantId[GrantPrefix.Length..], issued.GrantId, cancellationToken);
                    break;
                case AccessDenied denied when denied.GrantId.StartsWith(GrantPrefix, StringComparison.Ordinal):
                    await CancelAsync(denied.GrantId[GrantPrefix.Length..], $"the owner denied access: {denied.Reason}");
                    break;
                case OrderCancelled cancelled:
                    await WithdrawRequestAsync(cancelled.OrderId);
                    break;
            }
        }
    }

    private async Task DeliverAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = (await grains.GetGrain<IOrderGrain>(orderId).GetAsync())?.State;
        if (order is not { Status: OrderStatus.Paid })
        {
            return;
        }
        var grantId = GrantIdFor(orderId);
        var grant = grains.GetGrain<IAccessGrantGrain>(grantId);
        var contract = order.Contract;
        try
        {
            if (await grant.GetAsync() is null)
            {
                var dataset = (await grains.GetGrain<IDatasetGrain>(contract.DatasetId).GetAsync())?.State;
                var buyer = new Caller(order.PlacedBy, order.BuyerOrganisationId, [Roles.Developer]);
                await grant.ExecuteAsync(new RequestAccess(grantId, dataset, contract.Purpose, contract.Fields, contract.TermDays,
                    contract.Licence.Id, null, buyer, time.GetUtcNow()));
            }
            if (!contract.OwnerApprovalRequired && (await grant.GetAsync())?.State.Status == GrantStatus.Requested)
            {
                // The owner's standing approval: listing a licence without review means "approve every paid order".
                var owner = new Caller(Actor, contract.SellerOrganisationId, []);
                await grant.ExecuteAsync(new ApproveGrant(grantId, null, null, GrantQuota.Unlimited, owner, time.GetUtcNow()));
                await CompleteAsync(orderId, grantId, cancellationToken);
            }
        }
        catch (DomainException refused)
        {
            // The dataset was withdrawn between sale and delivery: the platform cancels and refunds.
            await CancelAsync(orderId, $"could not be delivered: {refused.Reason}");
        }
    }

    private async Task CancelAsync(string orderId, string reason)
    {
        var order = grains.GetGrain<IOrderGrain>(orderId);
        if ((await order.GetAsync())?.State.Status is not (OrderStatus.AwaitingPayment or OrderStatus.Paid))
        {
            return;
        }
        LogUndeliverable(logger, orderId, reason);
        var platform = new Caller(Actor, "", [Roles.Operator]);
        await order.ExecuteAsync(new CancelOrder(orderId, platform, reason, time.GetUtcNow()), Actor);
    }

    /// <summary>A cancelled order's grant request must not be approvable later: that would grant without payment.</summary>
    private async Task WithdrawRequestAsync(string orderId)
    {
        var grant = grains.GetGrain<IAccessGrantGrain>(GrantIdFor(orderId));
        if ((await grant.GetAsync())?.State is { Status: GrantStatus.Requested } requested)
        {
            var owner = new Caller(Actor, requested.OwnerOrganisationId, []);
            await grant.ExecuteAsync(new DenyGrant(requested.GrantId, "the order was cancelled", owner, time.GetUtcNow()));
        }
    }

    private async Task CompleteAsync(string orderId, string grantId, CancellationToken cancellationToken)
    {
        var order = grains.GetGrain<IOrderGrain>(orderId);
        var current = (await order.GetAsync())?.State;
        if (current is null || current.Status is OrderStatus.Cancelled or OrderStatus.AwaitingPayment)
        {
            return;
        }
        if (current.Voucher is not null)
        {
            return;
        }
        var now = time.GetUtcNow();
        await order.ExecuteAsync(new FulfilOrder(orderId, grantId, await NextVoucherSequenceAsync(now.Year, cancellationToken), now), Actor);
    }

    private async Task<int> NextVoucherSequenceAsync(int year, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO trading.voucher_numbers (year, last_sequence) VALUES ($1, 1)
            ON CONFLICT (year) DO UPDATE SET last_sequence = trading.voucher_numbers.last_sequence + 1
            RETURNING last_sequence
            """);
        command.Parameters.Add(new() { Value = year });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} is cancelled (refunded if paid): {Reason}")]
    private static partial void LogUndeliverable(ILogger logger, string orderId, string reason);
}
