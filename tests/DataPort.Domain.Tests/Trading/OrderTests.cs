using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Trading;

namespace DataPort.Domain.Tests.Trading;

public sealed class OrderTests
{
    private const string OrderId = "order-1";
    private const long Cap = 5_000_000;
    private static readonly DateTimeOffset T = Sample.T0.AddDays(10);
    private static readonly OrderDecider Decider = new(Sample.Signer);

    private static Spec<Order, OrderCommand, IOrderEvent> NewSpec() => new(Decider);

    private static PlaceOrder Place(string licence = "download", int quantity = 1, Caller? by = null, Dataset? dataset = null, long cap = Cap) =>
        new(OrderId, by ?? Sample.Developer, dataset ?? Sample.PublishedDataset(), licence, "traffic research", ["stop_id", "tapped_at"], quantity, cap, T);

    private static RecordPaymentOutcome Paid(string paymentId = "pay-1", long fen = 100_000) =>
        new(OrderId, paymentId, true, Money.FromFen(fen), "provider-" + paymentId, null, T.AddMinutes(1));

    private static RecordPaymentOutcome Failed(string paymentId = "pay-1") =>
        new(OrderId, paymentId, false, Money.FromFen(100_000), "provider-" + paymentId, "card declined", T.AddMinutes(1));

    private static Spec<Order, OrderCommand, IOrderEvent> PlacedOrder()
    {
        var spec = NewSpec();
        spec.Then<OrderPlaced>(Place());
        return spec;
    }

    private static Spec<Order, OrderCommand, IOrderEvent> PaidOrder()
    {
        var spec = PlacedOrder();
        spec.Then<PaymentSucceeded>(Paid());
        return spec;
    }

    private static Spec<Order, OrderCommand, IOrderEvent> FulfilledOrder()
    {
        var spec = PaidOrder();
        spec.Given([.. spec.When(new FulfilOrder(OrderId, "grant-9", 42, T.AddMinutes(2)))]);
        return spec;
    }

    [Fact]
    public void Placing_fixes_the_contract_as_a_snapshot_of_the_licence_and_price()
    {
        var (placed, state) = NewSpec().Then<OrderPlaced>(Place());

        Assert.Equal(Sample.DeveloperOrg, placed.BuyerOrganisationId);
        Assert.Equal(Sample.OwnerOrg, placed.Contract.SellerOrganisationId);
        Assert.Equal(Money.FromFen(100_000), placed.Contract.Total);
        Assert.Equal(OrderStatus.AwaitingPayment, state.Status);
    }

    [Fact]
    public void A_later_price_change_leaves_the_placed_contract_alone()
    {
        var spec = PlacedOrder();
        var repriced = Sample.DatasetOf(Sample.Created, Sample.Version1,
            Sample.Option(Sample.DownloadLicence with { Price = new PriceModel(PriceKind.OneOff, 900_000) }), Sample.Published);

        var other = NewSpec().Then<OrderPlaced>(Place(dataset: repriced) with { OrderId = "order-2" });

        Assert.Equal(Money.FromFen(100_000), spec.State!.Contract.Total);
        Assert.Equal(Money.FromFen(900_000), other.Event.Contract.Total);
    }

    [Fact]
    public void A_subscription_buys_several_terms()
    {
        var dataset = Sample.DatasetOf(Sample.Created, Sample.Version1,
            Sample.Option(new LicenceOption("sub", "Monthly", true, 30, false, false, new PriceModel(PriceKind.Subscription, 20_000))), Sample.Published);

        var (placed, _) = NewSpec().Then<OrderPlaced>(Place("sub", quantity: 3, dataset: dataset));

        Assert.Equal(Money.FromFen(60_000), placed.Contract.Total);
        Assert.Equal(90, placed.Contract.TermDays);
    }

    [Fact]
    public void Free_and_per_query_orders_need_no_payment_up_front()
    {
        var (_, free) = NewSpec().Then<OrderPlaced>(Place("sandbox"));
        var (_, perQuery) = NewSpec().Then<OrderPlaced>(Place("aggregate"));

        Assert.Equal(OrderStatus.Paid, free.Status);
        Assert.Equal(OrderStatus.Paid, perQuery.Status);
        Assert.Equal(Money.Zero, perQuery.Contract.Total);
    }

    [Fact]
    public void Only_developers_place_orders() =>
        NewSpec().Refuses<ForbiddenException>(Place(by: Sample.Merchant));

    [Fact]
    public void An_unpublished_dataset_is_not_on_sale() =>
        NewSpec().Refuses<InvalidTransitionException>(Place(dataset: Sample.DatasetOf(Sample.Created, Sample.Version1, Sample.Option(Sample.DownloadLicence))));

    [Fact]
    public void An_unknown_licence_or_a_bad_quantity_is_invalid_input()
    {
        NewSpec().Refuses<InvalidInputException>(Place("no-such-licence"));
        NewSpec().Refuses<InvalidInputException>(Place(quantity: 2));
        NewSpec().Refuses<InvalidInputException>(Place(quantity: 0));
    }

    [Fact]
    public void The_contract_fixes_purpose_and_fields_and_refuses_unknown_columns()
    {
        var (placed, _) = NewSpec().Then<OrderPlaced>(Place());

        Assert.Equal("traffic research", placed.Contract.Purpose);
        Assert.Equal(["stop_id", "tapped_at"], placed.Contract.Fields);
        NewSpec().Refuses<InvalidInputException>(Place() with { Fields = ["no_such_column"] });
        NewSpec().Refuses<InvalidInputException>(Place() with { Purpose = " " });
    }

    [Fact]
    public void Only_operators_set_the_fee_cap()
    {
        Assert.Throws<ForbiddenException>(() => FeeCap.Set(Sample.Merchant, 1000, "cost review", T));
        Assert.Throws<InvalidInputException>(() => FeeCap.Set(Sample.Operator, -1, "cost review", T));
        Assert.Equal(Money.FromFen(1000), FeeCap.Set(Sample.Operator, 1000, "cost review", T).Cap);
    }

    [Fact]
    public void A_public_data_price_above_the_operators_fee_cap_cannot_be_sold() =>
        Assert.Contains("fee cap", NewSpec().Refuses<InvalidTransitionException>(Place(cap: 50_000)).Reason);

    [Fact]
    public void Placing_twice_is_a_conflict() =>
        PlacedOrder().Refuses<InvalidTransitionException>(Place());

    [Fact]
    public void A_successful_callback_pays_the_order()
    {
        var (paid, state) = PlacedOrder().Then<PaymentSucceeded>(Paid());

        Assert.Equal(Money.FromFen(100_000), paid.Amount);
        Assert.Equal(OrderStatus.Paid, state.Status);
    }

    [Fact]
    public void A_duplicated_success_callback_changes_nothing() =>
        Assert.Empty(PaidOrder().When(Paid()));

    [Fact]
    public void A_failure_callback_after_the_success_is_stale_and_ignored() =>
        Assert.Empty(PaidOrder().When(Failed()));

    [Fact]
    public void A_failed_payment_leaves_the_order_payable_and_a_retry_can_succeed()
    {
        var spec = PlacedOrder();
        spec.Then<PaymentFailed>(Failed());
        Assert.Empty(spec.When(Failed()));

        var (_, state) = spec.Then<PaymentSucceeded>(Paid("pay-2"));

        Assert.Equal(OrderStatus.Paid, state.Status);
    }

    [Fact]
    public void A_second_payment_is_returned_never_kept_twice()
    {
        var (returned, state) = PaidOrder().Then<PaymentReturned>(Paid("pay-2"));

        Assert.Equal("pay-2", returned.PaymentId);
        Assert.Equal(Money.FromFen(100_000), state.AmountPaid);
    }

    [Fact]
    public void A_payment_of_the_wrong_amount_is_returned()
    {
        var (returned, state) = PlacedOrder().Then<PaymentReturned>(Paid(fen: 99_999));

        Assert.Contains("does not match", returned.Reason);
        Assert.Equal(OrderStatus.AwaitingPayment, state.Status);
    }

    [Fact]
    public void A_payment_arriving_after_cancellation_is_returned()
    {
        var spec = PlacedOrder();
        Assert.IsType<OrderCancelled>(Assert.Single(spec.When(new CancelOrder(OrderId, Sample.Developer, "changed my mind", T))));
        spec.Given(new OrderCancelled(OrderId, "changed my mind", Sample.Developer.Id, T));

        var (returned, _) = spec.Then<PaymentReturned>(Paid());

        Assert.Contains("cancelled", returned.Reason);
    }

    [Fact]
    public void Cancelling_a_paid_order_before_delivery_refunds_in_full()
    {
        var events = PaidOrder().When(new CancelOrder(OrderId, Sample.Developer, "no longer needed", T.AddMinutes(5)));

        Assert.IsType<OrderCancelled>(events[0]);
        Assert.Equal(Money.FromFen(100_000), Assert.IsType<OrderRefunded>(events[1]).Amount);
    }

    [Fact]
    public void A_delivered_order_cannot_be_cancelled() =>
        FulfilledOrder().Refuses<InvalidTransitionException>(new CancelOrder(OrderId, Sample.Developer, "too late", T.AddHours(1)));

    [Fact]
    public void Another_organisation_cannot_cancel() =>
        PaidOrder().Refuses<ForbiddenException>(new CancelOrder(OrderId, Sample.Merchant, "not mine", T.AddHours(1)));

    [Fact]
    public void Delivery_needs_payment_first_and_is_idempotent_for_the_same_grant()
    {
        PlacedOrder().Refuses<InvalidTransitionException>(new FulfilOrder(OrderId, "grant-9", 1, T));

        Assert.Empty(FulfilledOrder().When(new FulfilOrder(OrderId, "grant-9", 43, T.AddHours(1))));
    }

    [Fact]
    public void Delivery_issues_its_voucher_in_the_same_decision_signed_and_verifiable_against_the_platform_key()
    {
        var events = PaidOrder().When(new FulfilOrder(OrderId, "grant-9", 42, T.AddMinutes(3)));

        Assert.Collection(events, e => Assert.IsType<OrderFulfilled>(e), e => Assert.IsType<VoucherIssued>(e));
        var voucher = ((VoucherIssued)events[1]).Voucher;
        Assert.Equal(("XMDT-2026-000042", "grant-9"), (voucher.Number, voucher.GrantId));
        Assert.True(voucher.VerifyWith(Sample.Signer.PublicKey));
        Assert.False((voucher with { Total = Money.FromFen(1) }).VerifyWith(Sample.Signer.PublicKey));
        Assert.False(voucher.VerifyWith(Domain.Certificates.Sm2CertificateSigner.Generate().PublicKey));
    }

    [Fact]
    public void An_order_delivered_before_vouchers_were_atomic_gets_only_its_missing_voucher_when_delivered_again()
    {
        var spec = PaidOrder().Given(new OrderFulfilled(OrderId, "grant-9", T.AddMinutes(2)));

        var (issued, state) = spec.Then<VoucherIssued>(new FulfilOrder(OrderId, "grant-9", 7, T.AddMinutes(3)));

        Assert.Equal(("XMDT-2026-000007", OrderStatus.Fulfilled), (issued.Voucher.Number, state!.Status));
    }

    [Fact]
    public void Settlement_pays_the_net_revenue_once()
    {
        var spec = FulfilledOrder();

        var (settled, _) = spec.Then<OrderSettled>(new SettleOrder(OrderId, "settle-2026-03", T.AddDays(30), T.AddDays(31)));

        Assert.Equal(Money.FromFen(100_000), settled.Amount);
        Assert.Empty(spec.When(new SettleOrder(OrderId, "settle-2026-03", T.AddDays(30), T.AddDays(31))));
        spec.Refuses<InvalidTransitionException>(new SettleOrder(OrderId, "settle-2026-04", T.AddDays(60), T.AddDays(61)));
    }

    [Fact]
    public void An_order_delivered_after_the_period_waits_for_the_next_settlement() =>
        FulfilledOrder().Refuses<InvalidTransitionException>(new SettleOrder(OrderId, "settle-2026-02", T.AddDays(-1), T));
}
