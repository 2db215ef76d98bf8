using DataPort.Domain.Trading;
using Marten;

namespace DataPort.Trading;

/// <summary>
/// The stable names of trading's events, as the ledger and regulators see them: never rename one; add a
/// Marten upcaster instead.
/// </summary>
internal sealed class TradingEventTypes : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions options)
    {
        options.Events.MapEventType<OrderPlaced>("order.placed");
        options.Events.MapEventType<PaymentSucceeded>("order.payment-succeeded");
        options.Events.MapEventType<PaymentFailed>("order.payment-failed");
        options.Events.MapEventType<PaymentReturned>("order.payment-returned");
        options.Events.MapEventType<OrderFulfilled>("order.fulfilled");
        options.Events.MapEventType<VoucherIssued>("order.voucher-issued");
        options.Events.MapEventType<OrderCancelled>("order.cancelled");
        options.Events.MapEventType<OrderRefunded>("order.refunded");
        options.Events.MapEventType<OrderSettled>("order.settled");
        options.Events.MapEventType<PublicDataFeeCapSet>("platform.fee-cap-set");
    }
}
