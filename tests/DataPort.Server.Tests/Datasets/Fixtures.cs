using DataPort.Server.Tests.Assets;

namespace DataPort.Server.Tests.Datasets;

/// <summary>Given: an asset registered for the merchant's organisation.</summary>
public sealed class ApiWithRegisteredAsset : DomainApi
{
    public string AssetId { get; private set; } = "";

    protected override async Task SeedAsync() => AssetId = await RegisteredAssetAsync();
}

/// <summary>Given: a published dataset with one version and a free sandbox licence.</summary>
public sealed class ApiWithPublishedDataset : DomainApi
{
    public string DatasetId { get; private set; } = "";

    protected override async Task SeedAsync() => DatasetId = await PublishedDatasetAsync();
}
