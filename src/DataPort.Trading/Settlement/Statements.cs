using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Domain.Trading;
using DataPort.EventStore;
using DataPort.Grains.Runtime;
using DataPort.Trading.Orders;

namespace DataPort.Trading.Settlement;

/// <summary>
/// Monthly statements (月度对账单) for a buyer or a merchant: up-front payments and refunds of the month's
/// orders, and the metered queries of pay-per-query grants in the month (from the grant's usage events).
/// </summary>
public sealed class Statements(OrderQueries orders, IGrainFactory grains, IEventStore store)
{
    public async Task<Statement> ForAsync(Caller by, string organisationId, StatementParty party, int year, int month, CancellationToken cancellationToken)
    {
        if (by.OrganisationId != organisationId && !by.Is(Roles.Operator) && !by.Is(Roles.Regulator))
        {
            throw new ForbiddenException($"Only organisation '{organisationId}', operators and regulators see its statements.");
        }
        if (year is < 2000 or > 9999 || month is < 1 or > 12)
        {
            throw new InvalidInputException($"{year}-{month} is not a valid month.");
        }
        var from = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddMonths(1);
        var rows = await orders.ForStatementAsync(
            organisationId, party == StatementParty.Buyer ? OrderParty.Buyer : OrderParty.Seller, from, to, cancellationToken);
        var states = new List<Order>();
        var metered = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var order = (await grains.GetGrain<IOrderGrain>(row.OrderId).GetAsync())!.State;
            states.Add(order);
            if (order.GrantId is { } grantId && row.PriceKind == nameof(Domain.Datasets.PriceKind.PerQuery))
            {
                metered[order.OrderId] = await CountQueriesAsync(grantId, from, to, cancellationToken);
            }
        }
        return Statement.For(organisationId, party, year, month, states, o => metered.GetValueOrDefault(o.OrderId));
    }

    private async Task<long> CountQueriesAsync(string grantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var events = await store.ReadStreamAsync("grant-" + grantId, 1, cancellationToken);
        return events.Count(e => e.Data is GrantUsageRecorded { Kind: not UseKind.Download } used
            && used.RecordedAt >= from && used.RecordedAt < to);
    }
}
