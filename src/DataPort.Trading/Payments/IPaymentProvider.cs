using DataPort.Domain.Trading;

namespace DataPort.Trading.Payments;

/// <summary>
/// An external payment provider (支付机构). Starting a payment returns at once; the outcome arrives later as
/// one or more <see cref="PaymentCallback"/>s — possibly repeated, reordered or late, as real providers do.
/// </summary>
public interface IPaymentProvider
{
    Task<PaymentSession> StartAsync(PaymentRequest request, CancellationToken cancellationToken);
}

public sealed record PaymentRequest(string OrderId, Money Amount, string Description);

public sealed record PaymentSession(string PaymentId, string OrderId, Money Amount, string ProviderReference);

/// <summary>The provider's notification of an outcome; delivered at least once, in any order.</summary>
public sealed record PaymentCallback(
    string PaymentId, string OrderId, bool Succeeded, Money Amount, string ProviderReference, string? FailureReason, DateTimeOffset OccurredAt);
