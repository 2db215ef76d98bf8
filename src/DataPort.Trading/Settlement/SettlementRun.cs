using System.Globalization;
using DataPort.Domain.Common;
using DataPort.Domain.Trading;
using DataPort.Trading.Orders;
using Orleans;

namespace DataPort.Trading.Settlement;

/// <summary>What one settlement run paid each merchant.</summary>
public sealed record SettlementReport(string SettlementId, DateTimeOffset PeriodEnd, IReadOnlyList<MerchantSettlement> Merchants)
{
    public Money Total => Merchants.Aggregate(Money.Zero, (sum, m) => sum.Plus(m.Amount));
}

public sealed record MerchantSettlement(string OrganisationId, int Orders, Money Amount);

/// <summary>
/// Settles, at the end of a period (清算结算), every delivered order not settled yet: each order's net
/// revenue (paid minus refunded) goes to its merchant once. Running it again for the same period settles
/// only what was delivered since; the settlement id names the period so a repeat is harmless.
/// </summary>
public sealed class SettlementRun(OrderQueries orders, IGrainFactory grains, TimeProvider time)
{
    public static string IdFor(DateTimeOffset periodEnd) =>
        "settle-" + periodEnd.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public async Task<SettlementReport> RunAsync(Caller by, DateTimeOffset periodEnd, CancellationToken cancellationToken)
    {
        if (!by.Is(Roles.Operator))
        {
            throw new ForbiddenException("Only operators run settlements.");
        }
        if (periodEnd > time.GetUtcNow())
        {
            throw new InvalidInputException("A settlement period cannot end in the future.");
        }
        var settlementId = IdFor(periodEnd);
        var settled = new List<(string Seller, Money Amount)>();
        foreach (var order in await orders.UnsettledAsync(periodEnd, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await grains.GetGrain<IOrderGrain>(order.OrderId)
                .ExecuteAsync(new SettleOrder(order.OrderId, settlementId, periodEnd, time.GetUtcNow()), by.Id);
            settled.Add((order.SellerOrganisationId, result.State.NetRevenue));
        }
        var merchants = settled
            .GroupBy(x => x.Seller, StringComparer.Ordinal)
            .Select(g => new MerchantSettlement(g.Key, g.Count(), g.Aggregate(Money.Zero, (sum, x) => sum.Plus(x.Amount))))
            .OrderBy(m => m.OrganisationId, StringComparer.Ordinal)
            .ToList();
        return new SettlementReport(settlementId, periodEnd, merchants);
    }
}
