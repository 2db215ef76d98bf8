using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>
/// A merchant offers a pay-per-query licence; a developer's app orders it, gets its grant delivered and queries; the
/// merchant's statement bills each query.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class PayPerQueryTests(PortWithCatalog port)
{
    private const string DatasetId = "bus-lines";
    private const long PriceFen = 15;

    [Fact]
    public async Task Given_a_pay_per_query_grant_When_the_app_queries_Then_each_query_is_billed_on_the_merchants_statement()
    {
        using var developer = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        var dataset = await developer.Datasets.GetDatasetAsync(DatasetId);
        using var merchantHttp = port.As($"merchant-1;{dataset.OwnerOrganisationId};merchant");
        var licence = $"per-query-{Guid.NewGuid():N}"[..20];
        await new DatasetsClient(merchantHttp).AddLicenceOptionAsync(DatasetId, new LicenceOptionRequest
        {
            Id = licence, Name = "Pay per query", TermDays = 30, Price = PriceKind.PerQuery, AmountFen = PriceFen,
        });

        var order = await developer.Orders.PlaceOrderAsync(new OrderRequest
        {
            DatasetId = DatasetId, LicenceOptionId = licence, Purpose = "journey: metered use", Fields = [dataset.Columns[0].Name],
        });
        // Nothing is due up front for a per-query licence: the order is paid as placed and delivered without a payment.
        Assert.Equal((OrderStatus.Paid, 0L), (order.Status, order.Contract.Total.Fen));
        var grantId = await MerchantDatasets.DeliveredGrantAsync(developer.Orders, order.OrderId);
        var version = Assert.Single(await developer.Sandbox.ListSandboxVersionsAsync(DatasetId));
        var column = version.Columns.Single(c => c.Label == dataset.Columns[0].Name).Name;
        for (var i = 0; i < 3; i++)
        {
            await developer.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest { GrantId = grantId, Sql = $"SELECT {column} FROM {version.Table} LIMIT 1" });
        }

        var now = DateTimeOffset.UtcNow;
        var statement = await new TradingClient(merchantHttp).GetStatementAsync(StatementParty.Merchant, now.Year, now.Month);
        var line = Assert.Single(statement.Lines, l => l.OrderId == order.OrderId);
        Assert.Equal((3L, 3 * PriceFen), (line.MeteredQueries, line.UsageCharges.Fen));
    }
}
