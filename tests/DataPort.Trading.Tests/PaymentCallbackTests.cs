using DataPort.Domain.Trading;
using DataPort.Testing;
using DataPort.Trading.Payments;
using Marten;
using static DataPort.Trading.Tests.Market;

namespace DataPort.Trading.Tests;

public sealed class PaymentCallbackTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_two_nodes_When_duplicated_and_reordered_callbacks_arrive_concurrently_Then_the_order_is_paid_and_granted_once()
    {
        await using var first = await TradingNode.StartAsync(database.ConnectionString);
        await using var second = await TradingNode.StartAsync(database.ConnectionString);
        await PublishAsync(first.Grains, "ds-race");
        var placed = await PlaceAsync(first.Grains, "o-race", "ds-race", "download");
        var total = placed.Contract.Total;
        PaymentCallback Callback(string paymentId, bool succeeded) =>
            new(paymentId, "o-race", succeeded, total, "ref-" + paymentId, succeeded ? null : "declined", Now);

        // The same success ten times, a second (double) payment twice, and stale failures, all at once on both nodes.
        var callbacks = Enumerable.Repeat(Callback("pay-a", true), 10)
            .Concat(Enumerable.Repeat(Callback("pay-b", true), 2))
            .Concat(Enumerable.Repeat(Callback("pay-a", false), 4));
        await Task.WhenAll(callbacks.Select((callback, i) =>
            (i % 2 == 0 ? first : second).Get<PaymentCallbacks>().HandleAsync(callback, default)));
        var delivered = await WaitForAsync(first.Grains, "o-race", o => o.Voucher is not null);

        var stream = await first.Events.ReadStreamAsync("order-o-race");
        var paid = Assert.Single(stream, e => e.Data is PaymentSucceeded);
        var returned = Assert.Single(stream, e => e.Data is PaymentReturned);
        Assert.Equal(total, delivered.AmountPaid);
        Assert.Single(stream, e => e.Data is OrderFulfilled);
        Assert.Equal(Enumerable.Range(1, stream.Count).Select(v => (long)v), stream.Select(e => e.Version));
        Assert.NotEqual(((PaymentSucceeded)paid.Data).PaymentId, ((PaymentReturned)returned.Data).PaymentId);
        await using var session = first.Events.QuerySession();
        Assert.Equal(1, await session.Events.QueryAllRawEvents().CountAsync(e => e.EventTypeName == "grant.issued"));
    }
}
