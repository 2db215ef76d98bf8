using DataPort.Domain.Trading;
using DataPort.EventStore.Projections;
using JasperFx.Events;
using Npgsql;

namespace DataPort.Trading.Orders;

/// <summary>
/// Keeps <c>trading.orders</c> in the append's own transaction, so listings, statements and settlement
/// runs never see an order behind its stream.
/// </summary>
internal sealed class OrdersProjection : IInlineProjection
{
    public async Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            if (stored.Data is IOrderEvent e)
            {
                await ApplyAsync(transaction, e, stored.Version, cancellationToken);
            }
        }
    }

    private static Task ApplyAsync(NpgsqlTransaction transaction, IOrderEvent e, long version, CancellationToken cancellationToken) => e switch
    {
        OrderPlaced x => Insert(transaction, x, version, cancellationToken),
        PaymentSucceeded x => Update(transaction, x.OrderId, version, x.SucceededAt, "status = 'Paid', paid_fen = paid_fen + @amount", [("amount", x.Amount.Fen)], cancellationToken),
        OrderFulfilled x => Update(transaction, x.OrderId, version, x.FulfilledAt, "status = 'Fulfilled', grant_id = @grant, fulfilled_at = @at", [("grant", x.GrantId)], cancellationToken),
        VoucherIssued x => Update(transaction, x.OrderId, version, x.IssuedAt, "voucher_number = @voucher", [("voucher", x.Voucher.Number)], cancellationToken),
        OrderCancelled x => Update(transaction, x.OrderId, version, x.CancelledAt, "status = 'Cancelled'", [], cancellationToken),
        OrderRefunded x => Update(transaction, x.OrderId, version, x.RefundedAt, "refunded_fen = refunded_fen + @amount", [("amount", x.Amount.Fen)], cancellationToken),
        OrderSettled x => Update(transaction, x.OrderId, version, x.SettledAt, "settlement_id = @settlement", [("settlement", x.SettlementId)], cancellationToken),
        PaymentFailed x => Update(transaction, x.OrderId, version, x.FailedAt, null, [], cancellationToken),
        PaymentReturned x => Update(transaction, x.OrderId, version, x.ReturnedAt, null, [], cancellationToken),
        _ => Task.CompletedTask,
    };

    private static async Task Insert(NpgsqlTransaction transaction, OrderPlaced e, long version, CancellationToken cancellationToken)
    {
        var c = e.Contract;
        await using var command = new NpgsqlCommand("""
            INSERT INTO trading.orders (order_id, buyer_organisation_id, seller_organisation_id, dataset_id, licence_option_id,
                price_kind, unit_price_fen, quantity, total_fen, currency, status, placed_at, updated_at, version)
            VALUES (@order, @buyer, @seller, @dataset, @licence, @kind, @unit, @quantity, @total, @currency, @status, @at, @at, @version)
            """, transaction.Connection, transaction);
        command.Parameters.AddWithValue("order", e.OrderId);
        command.Parameters.AddWithValue("buyer", e.BuyerOrganisationId);
        command.Parameters.AddWithValue("seller", c.SellerOrganisationId);
        command.Parameters.AddWithValue("dataset", c.DatasetId);
        command.Parameters.AddWithValue("licence", c.Licence.Id);
        command.Parameters.AddWithValue("kind", c.Licence.Price.Kind.ToString());
        command.Parameters.AddWithValue("unit", c.UnitPrice.Fen);
        command.Parameters.AddWithValue("quantity", c.Quantity);
        command.Parameters.AddWithValue("total", c.Total.Fen);
        command.Parameters.AddWithValue("currency", c.Total.Currency);
        command.Parameters.AddWithValue("status", Order.Create(e).Status.ToString());
        command.Parameters.AddWithValue("at", e.PlacedAt);
        command.Parameters.AddWithValue("version", version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task Update(
        NpgsqlTransaction transaction, string orderId, long version, DateTimeOffset at, string? set,
        (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        var assignments = set is null ? "" : set + ", ";
        await using var command = new NpgsqlCommand(
            $"UPDATE trading.orders SET {assignments}version = @version, updated_at = @at WHERE order_id = @order",
            transaction.Connection, transaction);
        command.Parameters.AddWithValue("order", orderId);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("at", at);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
