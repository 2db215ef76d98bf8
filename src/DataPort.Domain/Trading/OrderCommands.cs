using DataPort.Domain.Common;
using DataPort.Domain.Datasets;

namespace DataPort.Domain.Trading;

public abstract record OrderCommand(string OrderId, DateTimeOffset At);

/// <summary>
/// Buy a licence. <paramref name="Dataset"/> is the dataset as it is now (null when it does not exist);
/// <paramref name="PublicDataFeeCapFen"/> is the operator's current cap per charge for public data.
/// </summary>
public sealed record PlaceOrder(
    string OrderId, Caller By, Dataset? Dataset, string LicenceOptionId, string Purpose, IReadOnlyList<string> Fields, int Quantity,
    long PublicDataFeeCapFen, DateTimeOffset At)
    : OrderCommand(OrderId, At);

/// <summary>A callback from the payment provider; providers repeat and reorder these.</summary>
public sealed record RecordPaymentOutcome(
    string OrderId, string PaymentId, bool Succeeded, Money Amount, string ProviderReference, string? FailureReason, DateTimeOffset At)
    : OrderCommand(OrderId, At);

/// <summary>Deliver the order through <paramref name="GrantId"/>; its voucher takes the year's next number, <paramref name="VoucherSequence"/>.</summary>
public sealed record FulfilOrder(string OrderId, string GrantId, int VoucherSequence, DateTimeOffset At) : OrderCommand(OrderId, At);

public sealed record CancelOrder(string OrderId, Caller By, string Reason, DateTimeOffset At) : OrderCommand(OrderId, At);

/// <summary>Settle the order in the run <paramref name="SettlementId"/> covering deliveries up to <paramref name="PeriodEnd"/>.</summary>
public sealed record SettleOrder(string OrderId, string SettlementId, DateTimeOffset PeriodEnd, DateTimeOffset At)
    : OrderCommand(OrderId, At);
