using System.Text;
using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>A department's own dataset made through the SDK (asset → operator's registration → dataset → licence), and following uploads.</summary>
internal static class MerchantDatasets
{
    public const string LicenceId = "sandbox-per-query";

    public static async Task<string> CreateAsync(PortWithCatalog port, DataPortConnection merchant, long priceFen, IReadOnlyList<BusTaps.Column>? schema = null)
    {
        var columns = schema ?? BusTaps.Columns;
        var asset = await merchant.Assets.SubmitAssetAsync(new AssetSubmission
        {
            Title = new LocalizedText { Zh = "公交刷卡记录", En = "Bus card taps" },
            Description = "公交刷卡明细",
            SourceDepartment = "市交通局",
            DataCategories = ["transport"],
            LegalBasis = "《厦门经济特区数据条例》",
            Schema = [.. columns.Select(c => new AssetColumn { Name = c.Name, Type = c.Type, Description = c.En })],
        });
        using (var operatorHttp = port.As(PortWithCatalog.Operator))
        {
            // The operator works from the review queue, which lists the submission once its read model has it.
            var assets = new AssetsClient(operatorHttp);
            await Poll.UntilAsync(() => assets.ListAssetsAsync(status: AssetStatus.Submitted, pageSize: 200),
                queue => queue.Items.Any(a => a.AssetId == asset.AssetId), "the submission in the review queue");
            await assets.StartAssetReviewAsync(asset.AssetId);
            await assets.RegisterAssetAsync(asset.AssetId);
        }
        var mine = await Poll.UntilAsync(() => merchant.Assets.ListAssetsAsync(pageSize: 200),
            page => page.Items.Any(a => a.AssetId == asset.AssetId && a.Status == AssetStatus.Registered), "the registered asset among the merchant's");
        Assert.All(mine.Items, a => Assert.Equal(asset.OwnerOrganisationId, a.OwnerOrganisationId));
        var dataset = await merchant.Datasets.CreateDatasetAsync(new DatasetCreation
        {
            AssetId = asset.AssetId,
            Title = new LocalizedText { Zh = "公交刷卡记录", En = "Bus card taps" },
            Description = new LocalizedText { Zh = "公交刷卡明细", En = "Bus card taps by stop" },
            Theme = "transport",
            OwnerDepartment = "市交通局",
            UpdateFrequency = UpdateFrequency.Daily,
            Columns = [.. columns.Select(c => new DatasetColumn { Name = c.Name, Type = c.Type, Grade = c.Personal ? 2 : 1, Personal = c.Personal })],
        });
        await merchant.Datasets.AddLicenceOptionAsync(dataset.DatasetId, new LicenceOptionRequest
        {
            Id = LicenceId, Name = "沙箱按次", PurposeLimited = true, TermDays = 90, Price = PriceKind.PerQuery, AmountFen = priceFen,
        });
        return dataset.DatasetId;
    }

    /// <summary>Follows the upload (as its owner would) until the pipeline has drafted it or said why not.</summary>
    public static Task<UploadView> ReadyAsync(DataPortConnection merchant, string datasetId, string uploadId) =>
        Poll.UntilAsync(() => merchant.Uploads.GetUploadAsync(datasetId, uploadId), u => u.Status != UploadStatus.Preparing, $"upload {uploadId} to be drafted");

    /// <summary>The access request a paid order raised, as the owner finds it among the dataset's grants.</summary>
    public static async Task<GrantView> RequestedGrantAsync(DataPortConnection owner, string datasetId) =>
        (await Poll.UntilAsync(() => owner.Grants.ListGrantsAsync(datasetId, GrantStatus.Requested), p => p.Items.Count == 1,
            $"one access request for dataset {datasetId}")).Items[0];

    /// <summary>Delivery follows the payment provider's callback: the order is polled until its grant is there.</summary>
    public static async Task<string> DeliveredGrantAsync(OrdersClient orders, string orderId) =>
        (await Poll.UntilAsync(() => orders.GetOrderAsync(orderId), o => o.GrantId is not null, $"order {orderId} to be delivered")).GrantId!;
}

/// <summary>Bus card taps as a department would export them: a name and a phone number per tap, the stop and its coordinates.</summary>
internal static class BusTaps
{
    public sealed record Column(string Name, string Type, string En, bool Personal);

    public static IReadOnlyList<Column> Columns { get; } =
    [
        new("乘客姓名", "string", "passenger", Personal: true),
        new("手机号", "string", "phone", Personal: true),
        new("上车站点", "string", "stop", Personal: false),
        new("经度", "number", "lon", Personal: false),
        new("纬度", "number", "lat", Personal: false),
        new("刷卡时间", "string", "tapped_at", Personal: false),
        new("金额", "number", "fare", Personal: false),
    ];

    private static readonly (string Name, double Lon, double Lat)[] Stops =
    [
        ("火车站", 118.1156, 24.4686), ("中山公园", 118.0894, 24.4622), ("厦门大学", 118.0964, 24.4371), ("轮渡", 118.0724, 24.4542),
        ("机场", 118.1280, 24.5440), ("集美学村", 118.1020, 24.5760), ("五缘湾", 118.1780, 24.5170), ("观音山", 118.2020, 24.4960),
    ];

    public static string Header => string.Join(',', Columns.Select(c => c.Name));

    /// <summary>UTF-8 CSV bytes of <paramref name="rows"/> taps, the same for the same count.</summary>
    public static byte[] Csv(int rows)
    {
        var faker = new Bogus.Faker("zh_CN") { Random = new Bogus.Randomizer(20261204) };
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var (stop, lon, lat) = Stops[i % Stops.Length];
            text.Append(faker.Name.LastName()).Append(faker.Name.FirstName()).Append(',')
                .Append('1').Append(faker.Random.ReplaceNumbers("3########0")).Append(',')
                .Append(stop).Append(',').Append(lon.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(lat.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append($"2026-11-{1 + i % 28:00} {7 + i % 14:00}:{i % 60:00}:00,").Append(1 + i % 4).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
