using DataPort.Domain.Certificates;
using DataPort.Domain.Grants;
using DataPort.Domain.Trading;
using DataPort.Grains.Grants;
using DataPort.Testing;
using DataPort.Trading.Fulfilment;
using DataPort.Trading.Payments;
using DataPort.Trading.Settlement;
using static DataPort.Trading.Tests.Market;

namespace DataPort.Trading.Tests;

public sealed class TradeToSettlementTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_a_published_dataset_When_an_order_is_paid_through_a_misbehaving_provider_Then_it_is_delivered_once_and_settled()
    {
        await using var node = await TradingNode.StartAsync(database.ConnectionString);
        await PublishAsync(node.Grains, "ds-bus");
        var placed = await PlaceAsync(node.Grains, "o-1", "ds-bus", "download");

        var session = await node.Get<IPaymentProvider>().StartAsync(new PaymentRequest("o-1", placed.Contract.Total, "bus taps"), default);
        var delivered = await WaitForAsync(node.Grains, "o-1", o => o.Voucher is not null);

        Assert.Equal(OrderStatus.Fulfilled, delivered.Status);
        Assert.Equal(Money.FromFen(120_000), delivered.AmountPaid);
        Assert.True(delivered.Voucher!.VerifyWith(((Sm2CertificateSigner)node.Get<ICertificateSigner>()).PublicKey));
        var stream = await node.Events.ReadStreamAsync("order-o-1");
        Assert.Single(stream, e => e.Data is PaymentSucceeded { PaymentId: var id } && id == session.PaymentId);
        Assert.Single(stream, e => e.Data is OrderFulfilled);
        var grant = (await node.Grains.GetGrain<IAccessGrantGrain>(OrderFulfilment.GrantIdFor("o-1")).GetAsync())!.State;
        Assert.Equal(GrantStatus.Active, grant.Status);
        Assert.Equal(["stop_id"], grant.GrantedFields);
        Assert.Equal(BuyerOrg, grant.DeveloperOrganisationId);

        var report = await node.Get<SettlementRun>().RunAsync(Operator, Now, default);
        var again = await node.Get<SettlementRun>().RunAsync(Operator, Now, default);

        var merchant = Assert.Single(report.Merchants);
        Assert.Equal(SellerOrg, merchant.OrganisationId);
        Assert.Equal(Money.FromFen(120_000), merchant.Amount);
        Assert.Empty(again.Merchants);
        var statement = await node.Get<Statements>().ForAsync(Merchant, SellerOrg, StatementParty.Merchant, Now.Year, Now.Month, default);
        Assert.Equal(report.Total, statement.Total);
    }

    [Fact]
    public async Task Given_a_licence_that_needs_review_When_the_buyer_cancels_after_paying_Then_the_refund_is_recorded_and_nothing_is_settled()
    {
        await using var node = await TradingNode.StartAsync(database.ConnectionString);
        await PublishAsync(node.Grains, "ds-reviewed");
        var placed = await PlaceAsync(node.Grains, "o-2", "ds-reviewed", "reviewed");
        await node.Get<IPaymentProvider>().StartAsync(new PaymentRequest("o-2", placed.Contract.Total, "reviewed"), default);
        await WaitForAsync(node.Grains, "o-2", o => o.Status == OrderStatus.Paid);
        var grant = node.Grains.GetGrain<IAccessGrantGrain>(OrderFulfilment.GrantIdFor("o-2"));
        await WaitForGrantAsync(grant, GrantStatus.Requested);

        var cancelled = await node.Grains.GetGrain<Orders.IOrderGrain>("o-2")
            .ExecuteAsync(new CancelOrder("o-2", Developer, "project dropped", Now), Developer.Id);

        Assert.Equal(OrderStatus.Cancelled, cancelled.State.Status);
        Assert.Equal(Money.FromFen(30_000), cancelled.State.AmountRefunded);
        await WaitForGrantAsync(grant, GrantStatus.Denied);
        await node.Get<SettlementRun>().RunAsync(Operator, Now, default);
        Assert.Null((await node.Grains.GetGrain<Orders.IOrderGrain>("o-2").GetAsync())!.State.SettlementId);
        var buyer = await node.Get<Statements>().ForAsync(Developer, BuyerOrg, StatementParty.Buyer, Now.Year, Now.Month, default);
        Assert.Equal(Money.Zero, buyer.Lines.Single(l => l.OrderId == "o-2").Total);
    }

    [Fact]
    public async Task Given_a_paid_order_awaiting_review_When_the_owner_denies_access_Then_the_order_is_cancelled_and_refunded()
    {
        await using var node = await TradingNode.StartAsync(database.ConnectionString);
        await PublishAsync(node.Grains, "ds-denied");
        var placed = await PlaceAsync(node.Grains, "o-4", "ds-denied", "reviewed");
        await node.Get<IPaymentProvider>().StartAsync(new PaymentRequest("o-4", placed.Contract.Total, "reviewed"), default);
        await WaitForAsync(node.Grains, "o-4", o => o.Status == OrderStatus.Paid);
        var grant = node.Grains.GetGrain<IAccessGrantGrain>(OrderFulfilment.GrantIdFor("o-4"));
        await WaitForGrantAsync(grant, GrantStatus.Requested);

        await grant.ExecuteAsync(new DenyGrant(OrderFulfilment.GrantIdFor("o-4"), "purpose not compatible", Merchant, Now));
        var refunded = await WaitForAsync(node.Grains, "o-4", o => o.Status == OrderStatus.Cancelled);

        Assert.Equal(placed.Contract.Total, refunded.AmountRefunded);
    }

    private static async Task WaitForGrantAsync(IAccessGrantGrain grant, GrantStatus status)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            if ((await grant.GetAsync())?.State.Status == status)
            {
                return;
            }
        }
        throw new TimeoutException($"The grant did not become {status} within 30 s.");
    }

    [Fact]
    public async Task Given_the_operator_lowers_the_fee_cap_When_a_public_data_licence_costs_more_Then_it_cannot_be_sold()
    {
        await using var node = await TradingNode.StartAsync(database.ConnectionString);
        await PublishAsync(node.Grains, "ds-capped");
        var caps = node.Get<FeeCaps>();

        await caps.SetAsync(Operator, 100_000, "cost review 2026", Now, default);
        var cap = await caps.CurrentAsync(default);
        var dataset = (await node.Grains.GetGrain<Grains.Datasets.IDatasetGrain>("ds-capped").GetAsync())!.State;
        var refused = await Assert.ThrowsAsync<Domain.Common.InvalidTransitionException>(() =>
            node.Grains.GetGrain<Orders.IOrderGrain>("o-3").ExecuteAsync(
                new PlaceOrder("o-3", Developer, dataset, "download", "research", ["stop_id"], 1, cap.Fen, Now), Developer.Id));

        Assert.Equal(Money.FromFen(100_000), cap);
        Assert.Contains("fee cap", refused.Reason);
    }
}
