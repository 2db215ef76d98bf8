using DataPort.Domain.Trading;

namespace DataPort.Domain.Tests.Trading;

public sealed class StatementTests
{
    private static readonly OrderDecider Decider = new(Sample.Signer);
    private static readonly DateTimeOffset T = Sample.T0.AddDays(10);

    private static Order Run(string orderId, string licence, bool pay, bool cancel)
    {
        var events = new List<IOrderEvent>();
        Order? state = null;
        void Do(OrderCommand command)
        {
            foreach (var e in Decider.Decide(state, command))
            {
                events.Add(e);
                state = Decider.Evolve(state, e);
            }
        }
        Do(new PlaceOrder(orderId, Sample.Developer, Sample.PublishedDataset(), licence, "research", ["stop_id"], 1, 5_000_000, T));
        if (pay)
        {
            Do(new RecordPaymentOutcome(orderId, "p-" + orderId, true, state!.Contract.Total, "ref", null, T));
        }
        if (cancel)
        {
            Do(new CancelOrder(orderId, Sample.Developer, "cancelled", T));
        }
        return state!;
    }

    [Fact]
    public void Settlement_totals_equal_paid_orders_minus_refunds_plus_metered_charges()
    {
        var orders = new[]
        {
            Run("o-1", "download", pay: true, cancel: false),  // 1,000.00 paid
            Run("o-2", "download", pay: true, cancel: true),   // paid then refunded
            Run("o-3", "aggregate", pay: false, cancel: false), // per query, 0.50 each
        };

        var merchant = Statement.For(Sample.OwnerOrg, StatementParty.Merchant, 2026, 3, orders, o => o.OrderId == "o-3" ? 7 : 0);
        var buyer = Statement.For(Sample.DeveloperOrg, StatementParty.Buyer, 2026, 3, orders, o => o.OrderId == "o-3" ? 7 : 0);

        Assert.Equal(Money.FromFen(100_000 + 0 + 7 * 50), merchant.Total);
        Assert.Equal(merchant.Total, buyer.Total);
        Assert.Equal(3, merchant.Lines.Count);
        Assert.Equal(Money.Zero, merchant.Lines.Single(l => l.OrderId == "o-2").Total);
    }

    [Fact]
    public void Money_never_mixes_currencies() =>
        Assert.Throws<Domain.Common.InvalidInputException>(() => Money.FromFen(1).Plus(new Money(1, "USD")));
}
