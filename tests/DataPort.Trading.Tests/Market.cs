using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Trading;
using DataPort.Grains.Assets;
using DataPort.Grains.Datasets;
using DataPort.Trading.Orders;
using Orleans;

namespace DataPort.Trading.Tests;

/// <summary>A small market: one merchant's published dataset with licences, one developer organisation buying.</summary>
public static class Market
{
    public const string SellerOrg = "org-xm-transport";
    public const string BuyerOrg = "org-acme";
    public static readonly Caller Merchant = new("u-merchant", SellerOrg, [Roles.Merchant]);
    public static readonly Caller Developer = new("u-dev", BuyerOrg, [Roles.Developer]);
    public static readonly Caller Operator = new("u-op", "org-op", [Roles.Operator]);

    /// <summary>Bought and delivered without review.</summary>
    public static readonly LicenceOption Download = new("download", "Download, 90 days", false, 90, true, false, new PriceModel(PriceKind.OneOff, 120_000));

    /// <summary>Purpose-limited: the owner reviews each buyer before the grant is issued.</summary>
    public static readonly LicenceOption Reviewed = new("reviewed", "Sandbox, reviewed", true, 365, false, false, new PriceModel(PriceKind.OneOff, 30_000));

    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public static async Task PublishAsync(IGrainFactory grains, string datasetId)
    {
        var assetId = "asset-of-" + datasetId;
        var asset = grains.GetGrain<IAssetRegistrationGrain>(assetId);
        await asset.ExecuteAsync(new SubmitAsset(assetId, SellerOrg,
            new AssetDetails(new LocalizedText("公交刷卡", "Bus taps"), "taps", "厦门市交通运输局", ["transport"], "条例第三十条",
                [new("stop_id", "text"), new("tapped_at", "timestamp")]), Merchant, Now));
        await asset.ExecuteAsync(new StartAssetReview(assetId, Operator, Now));
        var registered = (await asset.RegisterAsync(Operator, Now)).State;
        var dataset = grains.GetGrain<IDatasetGrain>(datasetId);
        await dataset.ExecuteAsync(new CreateDataset(datasetId, registered,
            new DatasetMetadata(new("公交", "Bus"), new("公交刷卡", "Bus taps"), "transport", "厦门市交通运输局", UpdateFrequency.Daily),
            [new("stop_id", "text", 1, false, false), new("tapped_at", "timestamp", 2, false, false)], true, Merchant, Now));
        await dataset.ExecuteAsync(new AddDatasetVersion(datasetId, new string('c', 64), 10, "run-1", Merchant, Now));
        await dataset.ExecuteAsync(new AddLicenceOption(datasetId, Download, Merchant, Now));
        await dataset.ExecuteAsync(new AddLicenceOption(datasetId, Reviewed, Merchant, Now));
        await dataset.ExecuteAsync(new PublishDataset(datasetId, Merchant, Now));
    }

    public static async Task<Order> PlaceAsync(IGrainFactory grains, string orderId, string datasetId, string licence)
    {
        var dataset = (await grains.GetGrain<IDatasetGrain>(datasetId).GetAsync())!.State;
        var placed = await grains.GetGrain<IOrderGrain>(orderId).ExecuteAsync(
            new PlaceOrder(orderId, Developer, dataset, licence, "traffic research", ["stop_id"], 1, 5_000_000, Now), Developer.Id);
        return placed.State;
    }

    /// <summary>Polls the order until <paramref name="done"/> holds; the delivery runs behind the writers.</summary>
    public static async Task<Order> WaitForAsync(IGrainFactory grains, string orderId, Func<Order, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var order = (await grains.GetGrain<IOrderGrain>(orderId).GetAsync())!.State;
            if (done(order))
            {
                return order;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Order {orderId} is still {order.Status} after 30 s.");
            }
            await Task.Delay(50);
        }
    }
}
