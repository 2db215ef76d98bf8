using DataPort.Domain.Trading;
using DataPort.EventStore.Projections;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace DataPort.Trading.Orders;

/// <summary>
/// Keeps <c>trading.orders</c> (one <see cref="OrderSummary"/> per order) inline, in the append's own transaction,
/// so listings, statements and settlement runs never see an order behind its stream. A table rather than a Marten
/// document because statements and settlement sum over it in SQL.
/// </summary>
internal sealed class OrdersProjection : EventProjection
{
    public OrdersProjection()
    {
        Name = "orders";
        this.IncludeAll<IOrderEvent>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case OrderPlaced x: Insert(operations, x, e.Version); break;
            case PaymentSucceeded x: Update(operations, x.OrderId, e.Version, x.SucceededAt, "status = 'Paid', paid_fen = paid_fen + ?", x.Amount.Fen); break;
            case OrderFulfilled x: Update(operations, x.OrderId, e.Version, x.FulfilledAt, "status = 'Fulfilled', grant_id = ?, fulfilled_at = ?", x.GrantId, x.FulfilledAt); break;
            case VoucherIssued x: Update(operations, x.OrderId, e.Version, x.IssuedAt, "voucher_number = ?", x.Voucher.Number); break;
            case OrderCancelled x: Update(operations, x.OrderId, e.Version, x.CancelledAt, "status = 'Cancelled'"); break;
            case OrderRefunded x: Update(operations, x.OrderId, e.Version, x.RefundedAt, "refunded_fen = refunded_fen + ?", x.Amount.Fen); break;
            case OrderSettled x: Update(operations, x.OrderId, e.Version, x.SettledAt, "settlement_id = ?", x.SettlementId); break;
            case PaymentFailed x: Update(operations, x.OrderId, e.Version, x.FailedAt, null); break;
            case PaymentReturned x: Update(operations, x.OrderId, e.Version, x.ReturnedAt, null); break;
        }
        return ValueTask.CompletedTask;
    }

    private static void Insert(IDocumentOperations operations, OrderPlaced e, long version)
    {
        var c = e.Contract;
        operations.QueueSqlCommand("""
            INSERT INTO trading.orders (order_id, buyer_organisation_id, seller_organisation_id, dataset_id, licence_option_id,
                price_kind, unit_price_fen, quantity, total_fen, currency, status, placed_at, updated_at, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            e.OrderId, e.BuyerOrganisationId, c.SellerOrganisationId, c.DatasetId, c.Licence.Id, c.Licence.Price.Kind.ToString(),
            c.UnitPrice.Fen, c.Quantity, c.Total.Fen, c.Total.Currency, Order.Create(e).Status.ToString(), e.PlacedAt, e.PlacedAt, version);
    }

    // The assignments' own parameters come first, then version, time and the order's id, in the statement's order.
    private static void Update(IDocumentOperations operations, string orderId, long version, DateTimeOffset at, string? set, params object[] values)
    {
        var assignments = set is null ? "" : set + ", ";
        operations.QueueSqlCommand($"UPDATE trading.orders SET {assignments}version = ?, updated_at = ? WHERE order_id = ?",
            [.. values, version, at, orderId]);
    }
}
