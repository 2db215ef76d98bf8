using DataPort.Domain.Common;
using DataPort.Domain.Trading;
using DataPort.Trading.Orders;
using DataPort.Trading.Usage;
using Orleans;

namespace DataPort.Trading.Settlement;

/// <summary>
/// Monthly statements (月度对账单) for a buyer or a merchant: up-front payments and refunds of the month's
/// orders, and the metered queries of pay-per-query grants in the month: hours the usage roll-up has closed
/// from its buckets, the rest (the open hour, or hours it has not reached) live from the grants' usage events.
/// </summary>
public sealed class Statements(OrderQueries orders, IGrainFactory grains, HourlyUsage usage)
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
        var meteredGrants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var order = (await grains.GetGrain<IOrderGrain>(row.OrderId).GetAsync())!.State;
            states.Add(order);
            if (order.GrantId is { } grantId && row.PriceKind == nameof(Domain.Datasets.PriceKind.PerQuery))
            {
                meteredGrants[order.OrderId] = grantId;
            }
        }
        // One read for all pay-per-query grants, instead of one stream read per order.
        var queries = await usage.MeteredQueriesAsync(meteredGrants.Values, from, to, cancellationToken);
        return Statement.For(organisationId, party, year, month, states,
            o => meteredGrants.TryGetValue(o.OrderId, out var grantId) ? queries.GetValueOrDefault(grantId) : 0);
    }
}
