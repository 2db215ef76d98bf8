using DataPort.Domain.Certificates;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;

namespace DataPort.Domain.Trading;

/// <summary>
/// The rules of a trade: a developer organisation places an order for a licence, which fixes the contract;
/// the payment provider's callbacks (repeated, reordered, late) move it to paid exactly once; delivery issues
/// the grant and a signed voucher; a cancellation before delivery refunds; settlement pays the merchant once.
/// </summary>
public sealed class OrderDecider(ICertificateSigner signer) : IDecider<Order, OrderCommand, IOrderEvent>
{
    public const int MaxQuantity = 36;

    public IReadOnlyList<IOrderEvent> Decide(Order? state, OrderCommand command)
    {
        if (command is PlaceOrder place)
        {
            return [Place(state, place)];
        }
        if (state is null)
        {
            throw new NotFoundException($"Order '{command.OrderId}' does not exist.");
        }
        return command switch
        {
            RecordPaymentOutcome c => RecordPayment(state, c),
            FulfilOrder c => Fulfil(state, c),
            CancelOrder c => Cancel(state, c),
            SettleOrder c => Settle(state, c),
            _ => throw new InvalidInputException($"Unknown order command {command.GetType().Name}."),
        };
    }

    public Order Evolve(Order? state, IOrderEvent @event) => state is null
        ? Order.Create(@event as OrderPlaced
            ?? throw new InvalidOperationException($"An order stream must start with {nameof(OrderPlaced)}, not {@event.GetType().Name}."))
        : state.Apply(@event);

    private static OrderPlaced Place(Order? state, PlaceOrder c)
    {
        if (state is not null)
        {
            throw new InvalidTransitionException($"Order '{c.OrderId}' was already placed.");
        }
        Guard.Role(c.By, "place orders", Roles.Developer);
        var (dataset, licence) = DatasetOffer.Require(c.Dataset, c.LicenceOptionId);
        // The grant that delivers the order is limited to this purpose and these fields.
        DatasetOffer.RequirePurposeAndFields(dataset, c.Purpose, c.Fields);
        var quantity = licence.Price.Kind == PriceKind.Subscription ? c.Quantity : 1;
        if (c.Quantity < 1 || (licence.Price.Kind != PriceKind.Subscription && c.Quantity != 1) || c.Quantity > MaxQuantity)
        {
            throw new InvalidInputException(licence.Price.Kind == PriceKind.Subscription
                ? $"quantity (terms of {licence.TermDays} days) must be between 1 and {MaxQuantity}; got {c.Quantity}."
                : $"quantity must be 1 for a {licence.Price.Kind} licence; got {c.Quantity}.");
        }
        // The operator's cap (公共数据产品收费上限) applies at the moment of sale, whatever the listing says.
        if (dataset.PublicData && licence.Price.AmountFen > c.PublicDataFeeCapFen)
        {
            throw new InvalidTransitionException(
                $"Licence '{licence.Id}' costs {Money.FromFen(licence.Price.AmountFen)} per charge, above the public-data fee cap of " +
                $"{Money.FromFen(c.PublicDataFeeCapFen)}; the owner must lower the price before it can be sold.");
        }
        var unitPrice = Money.FromFen(licence.Price.AmountFen);
        var total = licence.Price.Kind is PriceKind.OneOff or PriceKind.Subscription ? unitPrice.Times(quantity) : Money.Zero;
        var contract = new Contract(dataset.DatasetId, dataset.OwnerOrganisationId, licence, c.Purpose, c.Fields, quantity, unitPrice, total,
            OwnerApprovalRequired: licence.PurposeLimited, c.At);
        return new OrderPlaced(c.OrderId, c.By.OrganisationId, contract, c.By.Id, c.At);
    }

    private static IReadOnlyList<IOrderEvent> RecordPayment(Order state, RecordPaymentOutcome c)
    {
        // Providers deliver callbacks at least once and in any order: a payment already decided stays decided.
        if (state.SettledPayments.Contains(c.PaymentId))
        {
            return [];
        }
        if (!c.Succeeded)
        {
            return state.Status == OrderStatus.AwaitingPayment && !state.FailedPayments.Contains(c.PaymentId)
                ? [new PaymentFailed(state.OrderId, c.PaymentId, c.FailureReason ?? "declined by the payment provider", c.At)]
                : [];
        }
        if (state.Status == OrderStatus.Cancelled)
        {
            return [Return(state, c, "the order was cancelled before the payment arrived")];
        }
        if (state.Status != OrderStatus.AwaitingPayment)
        {
            return [Return(state, c, "the order was already paid")];
        }
        if (c.Amount != state.Contract.Total)
        {
            return [Return(state, c, $"the amount {c.Amount} does not match the contract total {state.Contract.Total}")];
        }
        return [new PaymentSucceeded(state.OrderId, c.PaymentId, c.ProviderReference, c.Amount, c.At)];
    }

    private static PaymentReturned Return(Order state, RecordPaymentOutcome c, string reason) =>
        new(state.OrderId, c.PaymentId, c.Amount, reason, c.At);

    /// <summary>
    /// Delivery and its voucher are one decision, so a delivered order always has a voucher to show; delivering again
    /// with the same grant issues only a voucher that is missing (orders delivered before vouchers were atomic).
    /// </summary>
    private IReadOnlyList<IOrderEvent> Fulfil(Order state, FulfilOrder c)
    {
        if (state.Status == OrderStatus.Fulfilled && state.GrantId == c.GrantId)
        {
            return state.Voucher is null ? [Voucher(state, c)] : [];
        }
        Expect(state, "deliver it", OrderStatus.Paid);
        Guard.Required(c.GrantId, "grantId");
        var fulfilled = new OrderFulfilled(state.OrderId, c.GrantId, c.At);
        return [fulfilled, Voucher(state.Apply(fulfilled), c)];
    }

    private VoucherIssued Voucher(Order delivered, FulfilOrder c) =>
        new(delivered.OrderId, TransactionVoucher.Issue(delivered, c.VoucherSequence, c.At, signer), c.At);

    private static IReadOnlyList<IOrderEvent> Cancel(Order state, CancelOrder c)
    {
        if (!c.By.Is(Roles.Operator))
        {
            Guard.Organisation(c.By, state.BuyerOrganisationId, "cancel its order");
        }
        Guard.Required(c.Reason, "reason");
        if (state.Status == OrderStatus.Fulfilled)
        {
            throw new InvalidTransitionException(
                $"Order '{state.OrderId}' was delivered (grant {state.GrantId}); ask the owner to revoke the grant instead of cancelling.");
        }
        Expect(state, "cancel it", OrderStatus.AwaitingPayment, OrderStatus.Paid);
        var cancelled = new OrderCancelled(state.OrderId, c.Reason, c.By.Id, c.At);
        return state.AmountPaid.Fen > 0
            ? [cancelled, new OrderRefunded(state.OrderId, state.AmountPaid, "cancelled before delivery: full refund", c.At)]
            : [cancelled];
    }

    private static IReadOnlyList<IOrderEvent> Settle(Order state, SettleOrder c)
    {
        if (state.SettlementId == c.SettlementId)
        {
            return [];
        }
        if (state.SettlementId is not null)
        {
            throw new InvalidTransitionException($"Order '{state.OrderId}' was already settled in {state.SettlementId}.");
        }
        Expect(state, "settle it", OrderStatus.Fulfilled);
        if (state.FulfilledAt > c.PeriodEnd)
        {
            throw new InvalidTransitionException($"Order '{state.OrderId}' was delivered after the settlement period ended.");
        }
        return [new OrderSettled(state.OrderId, c.SettlementId, state.NetRevenue, c.At)];
    }

    private static void Expect(Order state, string action, params OrderStatus[] allowed)
    {
        if (!allowed.Contains(state.Status))
        {
            throw new InvalidTransitionException(
                $"Order '{state.OrderId}' is {state.Status}; to {action} it must be {string.Join(" or ", allowed)}.");
        }
    }
}
