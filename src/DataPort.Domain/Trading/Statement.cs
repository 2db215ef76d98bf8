using DataPort.Domain.Datasets;

namespace DataPort.Domain.Trading;

public enum StatementParty
{
    Buyer,
    Merchant,
}

/// <summary>One order's money in a statement: up-front payments, refunds and metered per-query charges.</summary>
public sealed record StatementLine(
    string OrderId, string DatasetId, string CounterpartyOrganisationId, Money Paid, Money Refunded, long MeteredQueries, Money UsageCharges)
{
    public Money Total => Paid.Minus(Refunded).Plus(UsageCharges);
}

/// <summary>A monthly statement (月度对账单) for a buyer or a merchant.</summary>
public sealed record Statement(string OrganisationId, StatementParty Party, int Year, int Month, IReadOnlyList<StatementLine> Lines)
{
    public Money Total => Lines.Aggregate(Money.Zero, (sum, line) => sum.Plus(line.Total));

    /// <summary>
    /// Builds the statement from the organisation's orders and the metered queries of each order's grant in
    /// the month. Per-query licences accrue <c>unit price × queries</c>; the others were paid up front.
    /// </summary>
    public static Statement For(
        string organisationId, StatementParty party, int year, int month, IEnumerable<Order> orders, Func<Order, long> meteredQueries)
    {
        var lines = orders
            .Where(o => (party == StatementParty.Buyer ? o.BuyerOrganisationId : o.Contract.SellerOrganisationId) == organisationId)
            .Select(o =>
            {
                var queries = o.Contract.Licence.Price.Kind == PriceKind.PerQuery ? meteredQueries(o) : 0;
                var charges = o.Contract.UnitPrice.Times(checked((int)Math.Min(queries, int.MaxValue)));
                var counterparty = party == StatementParty.Buyer ? o.Contract.SellerOrganisationId : o.BuyerOrganisationId;
                return new StatementLine(o.OrderId, o.Contract.DatasetId, counterparty, o.AmountPaid, o.AmountRefunded, queries,
                    o.Contract.Licence.Price.Kind == PriceKind.PerQuery ? charges : Money.Zero);
            })
            .OrderBy(line => line.OrderId, StringComparer.Ordinal)
            .ToList();
        return new Statement(organisationId, party, year, month, lines);
    }
}
