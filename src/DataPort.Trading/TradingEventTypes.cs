using DataPort.Domain.Trading;
using DataPort.EventStore;

namespace DataPort.Trading;

/// <summary>
/// The stable names of trading's events, as the ledger and regulators see them: never rename one; add an
/// upcaster instead.
/// </summary>
internal sealed class TradingEventTypes : IConfigureEventTypes
{
    public void Configure(EventTypeRegistry registry) => registry
        .Register<OrderPlaced>("order.placed")
        .Register<PaymentSucceeded>("order.payment-succeeded")
        .Register<PaymentFailed>("order.payment-failed")
        .Register<PaymentReturned>("order.payment-returned")
        .Register<OrderFulfilled>("order.fulfilled")
        .Register<VoucherIssued>("order.voucher-issued")
        .Register<OrderCancelled>("order.cancelled")
        .Register<OrderRefunded>("order.refunded")
        .Register<OrderSettled>("order.settled")
        .Register<PublicDataFeeCapSet>("platform.fee-cap-set");
}
