using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataPort.Server.Tests.Assets;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Trading;

/// <summary>Given: a published public-data dataset with a one-off download licence delivered without review.</summary>
public sealed class ApiWithDatasetForSale : DomainApi
{
    public string DatasetId { get; private set; } = "";

    protected override async Task SeedAsync()
    {
        DatasetId = await DraftDatasetAsync();
        var merchant = As(People.Merchant);
        await Ok(await merchant.PostAsJsonAsync($"/api/datasets/{DatasetId}/versions",
            new { contentHash = new string('b', 64), rowCount = 1000, pipelineRunId = "run-1" }));
        await Ok(await merchant.PostAsJsonAsync($"/api/datasets/{DatasetId}/licence-options", new
        {
            id = "download", name = "Download, 90 days", purposeLimited = false, termDays = 90, downloadAllowed = true, aggregateOnly = false,
            price = "one-off", amountFen = 120_000,
        }));
        await Ok(await merchant.PostAsync($"/api/datasets/{DatasetId}/publish", null));
    }

    public object Order => new { datasetId = DatasetId, licenceOptionId = "download", purpose = "Route planning research", fields = new[] { "stop_id" } };

    /// <summary>Delivery runs behind the payment callbacks: poll the order until it has its voucher.</summary>
    public async Task<JsonElement> DeliveredAsync(HttpClient client, string orderId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var order = await Ok(await client.GetAsync($"/api/orders/{orderId}"));
            if (order.GetProperty("voucher").ValueKind == JsonValueKind.Object)
            {
                return order;
            }
        }
        throw new TimeoutException($"Order {orderId} was not delivered within 30 s.");
    }
}

public sealed class BuyingALicence(ApiWithDatasetForSale fixture) : IClassFixture<ApiWithDatasetForSale>
{
    [Fact]
    public async Task Given_a_dataset_for_sale_When_a_developer_orders_and_pays_Then_the_grant_is_issued_the_voucher_signed_and_the_merchant_settled()
    {
        var developer = fixture.As(People.Developer);
        var placed = await Ok(await developer.PostAsJsonAsync("/api/orders", fixture.Order), HttpStatusCode.Created);
        var orderId = placed.GetProperty("orderId").GetString()!;
        Assert.Equal("awaiting-payment", placed.GetProperty("status").GetString());
        Assert.Equal(120_000, placed.GetProperty("contract").GetProperty("total").GetProperty("fen").GetInt64());

        await Ok(await developer.PostAsync($"/api/orders/{orderId}/payments", null), HttpStatusCode.Accepted);
        var delivered = await fixture.DeliveredAsync(developer, orderId);

        Assert.Equal("fulfilled", delivered.GetProperty("status").GetString());
        var voucher = await Ok(await developer.GetAsync($"/api/orders/{orderId}/voucher"));
        Assert.StartsWith("XMDT-", voucher.GetProperty("number").GetString());
        var grantId = delivered.GetProperty("grantId").GetString()!;
        var grant = await Ok(await developer.GetAsync($"/api/grants/{grantId}"));
        Assert.Equal("active", grant.GetProperty("status").GetString());

        var settlement = await Ok(await fixture.As(People.Operator).PostAsJsonAsync("/api/trading/settlements", new { periodEnd = DateTimeOffset.UtcNow }));
        var merchant = Assert.Single(settlement.GetProperty("merchants").EnumerateArray());
        Assert.Equal(120_000, merchant.GetProperty("amount").GetProperty("fen").GetInt64());
        var now = DateTimeOffset.UtcNow;
        var statement = await Ok(await fixture.As(People.Merchant).GetAsync($"/api/trading/statements?party=Merchant&year={now.Year}&month={now.Month}"));
        Assert.Equal(120_000, statement.GetProperty("total").GetProperty("fen").GetInt64());
    }

    [Fact]
    public async Task Given_a_placed_order_When_someone_else_looks_or_pays_Then_404_and_403()
    {
        var developer = fixture.As(People.Developer);
        var orderId = (await Ok(await developer.PostAsJsonAsync("/api/orders", fixture.Order), HttpStatusCode.Created)).GetProperty("orderId").GetString();

        await Problem(await fixture.As(People.OtherMerchant).GetAsync($"/api/orders/{orderId}"), HttpStatusCode.NotFound);
        await Problem(await fixture.As(People.Merchant).PostAsync($"/api/orders/{orderId}/payments", null), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_an_order_request_When_it_names_an_unknown_licence_Then_422_saying_which()
    {
        var problem = await Problem(await fixture.As(People.Developer).PostAsJsonAsync("/api/orders",
            new { datasetId = fixture.DatasetId, licenceOptionId = "gold", purpose = "x", fields = new[] { "stop_id" } }), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("gold", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task When_the_yearly_disclosure_is_asked_Then_it_lists_the_product_and_the_fee_cap_as_json_and_csv()
    {
        var anonymous = fixture.Api.CreateClient();
        var year = DateTimeOffset.UtcNow.Year;

        var report = await Ok(await anonymous.GetAsync($"/api/disclosure/{year}"));
        var csv = await anonymous.GetAsync($"/api/disclosure/{year}/csv");

        var product = Assert.Single(report.GetProperty("products").EnumerateArray(), p => p.GetProperty("datasetId").GetString() == fixture.DatasetId);
        Assert.Equal(120_000, product.GetProperty("amountFen").GetInt64());
        Assert.True(product.GetProperty("withinCap").GetBoolean());
        Assert.True(product.GetProperty("ledgerEntry").GetInt64() > 0);
        var resource = Assert.Single(report.GetProperty("resources").EnumerateArray(), r => r.GetProperty("datasetId").GetString() == fixture.DatasetId);
        Assert.True(resource.GetProperty("publishedEntry").GetInt64() > 0);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains(fixture.DatasetId + ",公交刷卡", await csv.Content.ReadAsStringAsync());
    }
}
