namespace DataPort.Domain.Trading;

public enum OrderStatus
{
    /// <summary>Placed; the contract is fixed; the total has not been paid yet.</summary>
    AwaitingPayment,
    /// <summary>Paid (or nothing to pay up front); the grant is not issued yet.</summary>
    Paid,
    /// <summary>The grant was issued: the trade is delivered.</summary>
    Fulfilled,
    Cancelled,
}

/// <summary>The state of one order (订单), rebuilt from its events.</summary>
public sealed record Order(
    string OrderId,
    string BuyerOrganisationId,
    string PlacedBy,
    Contract Contract,
    OrderStatus Status,
    Money AmountPaid,
    Money AmountRefunded,
    IReadOnlySet<string> SettledPayments,
    IReadOnlySet<string> FailedPayments,
    string? GrantId,
    DateTimeOffset? FulfilledAt,
    TransactionVoucher? Voucher,
    string? SettlementId,
    DateTimeOffset PlacedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>What the merchant is owed for this order: paid minus refunded.</summary>
    public Money NetRevenue => AmountPaid.Minus(AmountRefunded);

    public static Order Create(OrderPlaced e) => new(
        e.OrderId, e.BuyerOrganisationId, e.PlacedBy, e.Contract,
        // Free and pay-per-query licences have nothing to pay up front.
        e.Contract.Total.Fen == 0 ? OrderStatus.Paid : OrderStatus.AwaitingPayment,
        Money.Zero, Money.Zero, new HashSet<string>(), new HashSet<string>(), null, null, null, null, e.PlacedAt, e.PlacedAt);

    public Order Apply(IOrderEvent e) => e switch
    {
        PaymentSucceeded x => this with
        {
            Status = OrderStatus.Paid, AmountPaid = AmountPaid.Plus(x.Amount), SettledPayments = With(SettledPayments, x.PaymentId),
            UpdatedAt = x.SucceededAt,
        },
        PaymentFailed x => this with { FailedPayments = With(FailedPayments, x.PaymentId), UpdatedAt = x.FailedAt },
        PaymentReturned x => this with { SettledPayments = With(SettledPayments, x.PaymentId), UpdatedAt = x.ReturnedAt },
        OrderFulfilled x => this with { Status = OrderStatus.Fulfilled, GrantId = x.GrantId, FulfilledAt = x.FulfilledAt, UpdatedAt = x.FulfilledAt },
        VoucherIssued x => this with { Voucher = x.Voucher, UpdatedAt = x.IssuedAt },
        OrderCancelled x => this with { Status = OrderStatus.Cancelled, UpdatedAt = x.CancelledAt },
        OrderRefunded x => this with { AmountRefunded = AmountRefunded.Plus(x.Amount), UpdatedAt = x.RefundedAt },
        OrderSettled x => this with { SettlementId = x.SettlementId, UpdatedAt = x.SettledAt },
        OrderPlaced => throw new InvalidOperationException($"Order {OrderId} was placed twice in its stream."),
        _ => throw new InvalidOperationException($"Unknown order event {e.GetType().Name}."),
    };

    private static HashSet<string> With(IReadOnlySet<string> set, string item) => [.. set, item];
}
