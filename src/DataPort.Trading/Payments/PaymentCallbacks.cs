using DataPort.Domain.Trading;
using DataPort.Trading.Orders;
using Orleans;

namespace DataPort.Trading.Payments;

/// <summary>
/// Turns provider callbacks into order commands. The order's decision makes repeats and reorderings harmless:
/// a payment is counted once, a second or late one is returned, so nothing is paid or granted twice.
/// </summary>
public sealed class PaymentCallbacks(IGrainFactory grains)
{
    public const string Actor = "payment-provider";

    public async Task HandleAsync(PaymentCallback callback, CancellationToken cancellationToken)
    {
        var command = new RecordPaymentOutcome(callback.OrderId, callback.PaymentId, callback.Succeeded, callback.Amount,
            callback.ProviderReference, callback.FailureReason, callback.OccurredAt);
        cancellationToken.ThrowIfCancellationRequested();
        await grains.GetGrain<IOrderGrain>(callback.OrderId).ExecuteAsync(command, Actor);
    }
}
