using System.Security.Cryptography;
using System.Text;
using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>
/// A department publishes its own data from a file, through the SDK only: its app registers the asset (the operator
/// registers it), creates the dataset with a pay-per-query licence, uploads a CSV with a personal column and place
/// columns, follows the job to the draft, marks the coordinates as a place, publishes; a developer finds the version
/// with its lineage and orders, the department approves the stated purpose, the developer queries masked rows, and the query appears on the department's statement.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class MerchantJourneyTests(PortWithCatalog port)
{
    private const string Department = "xm-transport";
    private const long PriceFen = 10;

    [Fact]
    public async Task Given_a_departments_csv_When_it_is_uploaded_reviewed_and_published_Then_a_developer_queries_its_masked_rows_and_pays()
    {
        using var merchant = await port.AppOfAsync(Department, "catalog.read", "merchant.manage");
        var datasetId = await MerchantDatasets.CreateAsync(port, merchant, PriceFen);
        var csv = BusTaps.Csv(rows: 2000);

        var received = await merchant.Uploads.UploadDatasetFileAsync(datasetId, file: new FileParameter(new MemoryStream(csv), "taps.csv", "text/csv"));
        var draft = await MerchantDatasets.ReadyAsync(merchant, datasetId, received.UploadId);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(csv)), received.SourceSha256);
        Assert.Equal((2000L, UploadStatus.Ready), (draft.Draft!.RowsRead, draft.Status));
        Assert.True(Column(draft, "乘客姓名").Personal);
        Assert.True(Column(draft, "经度").QuasiIdentifier);

        await merchant.Uploads.ChooseUploadColumnsAsync(datasetId, received.UploadId, new ColumnChoices
        {
            Columns = [new ColumnChoice { Column = "经度", Subject = ColumnSubject.Place }, new ColumnChoice { Column = "纬度", Subject = ColumnSubject.Place }],
        });
        var reviewed = await MerchantDatasets.ReadyAsync(merchant, datasetId, received.UploadId);
        Assert.Equal((1, ColumnSubject.Place, false), (reviewed.Revision, Column(reviewed, "经度").Subject, Column(reviewed, "经度").QuasiIdentifier));

        var published = await merchant.Uploads.PublishUploadAsync(datasetId, received.UploadId);
        Assert.Equal(DatasetStatus.Published, published.Status);

        using var developer = await port.NewAppAsync("dev-" + Guid.NewGuid().ToString("N")[..12], "catalog.read", "sandbox.query");
        var listed = Assert.Single((await developer.Datasets.GetDatasetAsync(datasetId)).Versions);
        Assert.Equal((received.SourceSha256, received.UploadId, reviewed.Draft!.ContentHash),
            (listed.Lineage!.SourceSha256, listed.Lineage.UploadId, listed.ContentHash));

        var order = await developer.Orders.PlaceOrderAsync(new OrderRequest
        {
            DatasetId = datasetId, LicenceOptionId = MerchantDatasets.LicenceId, Purpose = "journey: bus demand by stop", Fields = ["乘客姓名", "上车站点"],
        });
        // The licence is purpose-limited: the department reads the stated purpose and approves the request.
        var request = await MerchantDatasets.RequestedGrantAsync(merchant, datasetId);
        Assert.Equal("journey: bus demand by stop", request.Purpose);
        await merchant.Grants.ApproveGrantAsync(request.GrantId, new Approval());
        var grantId = await MerchantDatasets.DeliveredGrantAsync(developer.Orders, order.OrderId);
        var version = Assert.Single(await developer.Sandbox.ListSandboxVersionsAsync(datasetId));
        var name = version.Columns.Single(c => c.Label == "乘客姓名").Name;
        var stop = version.Columns.Single(c => c.Label == "上车站点").Name;
        var rows = await developer.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest
        {
            GrantId = grantId, Sql = $"SELECT {name}, {stop} FROM {version.Table} ORDER BY {stop} LIMIT 5",
        });

        Assert.Equal(5, rows.Rows.Count);
        var originalNames = Encoding.UTF8.GetString(csv);
        Assert.All(rows.Rows, row => Assert.DoesNotContain($"\n{row[0]},", originalNames, StringComparison.Ordinal));
        var now = DateTimeOffset.UtcNow;
        using var departmentPerson = port.As($"clerk-1;{Department};merchant");
        var statement = await new TradingClient(departmentPerson).GetStatementAsync(StatementParty.Merchant, now.Year, now.Month);
        Assert.Equal((1L, PriceFen), Assert.Single(statement.Lines, l => l.OrderId == order.OrderId) is var line ? (line.MeteredQueries, line.UsageCharges.Fen) : default);
    }

    private static DraftColumn Column(UploadView upload, string name) => upload.Draft!.Columns.Single(c => c.Name == name);
}
