namespace DataPort.Domain.Trading;

/// <summary>An event of one order's stream (<c>order-{id}</c>).</summary>
public interface IOrderEvent
{
    string OrderId { get; }
}

public sealed record OrderPlaced(
    string OrderId, string BuyerOrganisationId, Contract Contract, string PlacedBy, DateTimeOffset PlacedAt) : IOrderEvent;

/// <summary>The provider confirmed a payment of the order's total.</summary>
public sealed record PaymentSucceeded(
    string OrderId, string PaymentId, string ProviderReference, Money Amount, DateTimeOffset SucceededAt) : IOrderEvent;

/// <summary>The provider reported a failed payment; the order still awaits payment and may be paid again.</summary>
public sealed record PaymentFailed(
    string OrderId, string PaymentId, string Reason, DateTimeOffset FailedAt) : IOrderEvent;

/// <summary>Money came in that the order must not keep (a second payment, a wrong amount, a late one): it goes back.</summary>
public sealed record PaymentReturned(
    string OrderId, string PaymentId, Money Amount, string Reason, DateTimeOffset ReturnedAt) : IOrderEvent;

/// <summary>The buyer received its licence: the access grant was issued (交付).</summary>
public sealed record OrderFulfilled(string OrderId, string GrantId, DateTimeOffset FulfilledAt) : IOrderEvent;

/// <summary>A signed transaction voucher (交易凭证) was issued for the completed trade.</summary>
public sealed record VoucherIssued(string OrderId, TransactionVoucher Voucher, DateTimeOffset IssuedAt) : IOrderEvent;

public sealed record OrderCancelled(string OrderId, string Reason, string CancelledBy, DateTimeOffset CancelledAt) : IOrderEvent;

/// <summary>Paid money was refunded to the buyer (after a cancellation before delivery).</summary>
public sealed record OrderRefunded(string OrderId, Money Amount, string Reason, DateTimeOffset RefundedAt) : IOrderEvent;

/// <summary>The merchant was paid for the order in a settlement run (清算结算).</summary>
public sealed record OrderSettled(string OrderId, string SettlementId, Money Amount, DateTimeOffset SettledAt) : IOrderEvent;
