using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.Grains.Assets;
using DataPort.Grains.Datasets;
using DataPort.Grains.Grants;
using Orleans;

namespace DataPort.Grains.Tests;

/// <summary>Drives the grains from nothing to a published dataset and an active grant.</summary>
public static class World
{
    public const string OwnerOrg = "org-owner";
    public static readonly Caller Merchant = new("u-merchant", OwnerOrg, [Roles.Merchant]);
    public static readonly Caller Developer = new("u-dev", "org-dev", [Roles.Developer]);
    public static readonly Caller Operator = new("u-op", "org-op", [Roles.Operator]);
    public static readonly Caller Regulator = new("u-reg", "org-reg", [Roles.Regulator]);

    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public static AssetDetails Details => new(new LocalizedText("公交刷卡", "Bus taps"), "taps", "交通局", ["transport"], "条例第三十条",
        [new("stop_id", "text"), new("tapped_at", "timestamp")]);

    public static async Task<AssetRegistration> RegisteredAssetAsync(IGrainFactory grains, string assetId)
    {
        var asset = grains.GetGrain<IAssetRegistrationGrain>(assetId);
        await asset.ExecuteAsync(new SubmitAsset(assetId, OwnerOrg, Details, Merchant, Now));
        await asset.ExecuteAsync(new StartAssetReview(assetId, Operator, Now));
        return (await asset.RegisterAsync(Operator, Now)).State;
    }

    public static async Task PublishedDatasetAsync(IGrainFactory grains, string datasetId)
    {
        var asset = await RegisteredAssetAsync(grains, "asset-of-" + datasetId);
        var dataset = grains.GetGrain<IDatasetGrain>(datasetId);
        await dataset.ExecuteAsync(new CreateDataset(datasetId, asset,
            new DatasetMetadata(new("公交", "Bus"), new("公交刷卡", "Bus taps"), "transport", "交通局", UpdateFrequency.Daily),
            [new("stop_id", "text", 1, false, false), new("tapped_at", "timestamp", 2, false, false)], true, Merchant, Now));
        await dataset.ExecuteAsync(new AddDatasetVersion(datasetId, new string('c', 64), 10, "run-1", Merchant, Now));
        await dataset.ExecuteAsync(new AddLicenceOption(datasetId, new LicenceOption("sandbox", "Sandbox", true, 365, false, false, PriceModel.Free), Merchant, Now));
        await dataset.ExecuteAsync(new PublishDataset(datasetId, Merchant, Now));
    }

    public static async Task<IAccessGrantGrain> ActiveGrantAsync(IGrainFactory grains, string grantId, GrantQuota quota)
    {
        var datasetId = "ds-of-" + grantId;
        await PublishedDatasetAsync(grains, datasetId);
        var dataset = (await grains.GetGrain<IDatasetGrain>(datasetId).GetAsync())!.State;
        var grant = grains.GetGrain<IAccessGrantGrain>(grantId);
        await grant.ExecuteAsync(new RequestAccess(grantId, dataset, "research", ["stop_id"], 30, "sandbox", null, Developer, Now));
        await grant.ExecuteAsync(new ApproveGrant(grantId, null, null, quota, Merchant, Now));
        return grant;
    }

    public static RecordUsage OneQuery(string grantId) =>
        new(grantId, new GrantUse("ds-of-" + grantId, 1, ["stop_id"], UseKind.SandboxQuery, 1), Developer, Now);
}
