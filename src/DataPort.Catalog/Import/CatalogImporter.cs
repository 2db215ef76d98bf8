using DataPort.Catalog.Listing;
using DataPort.Catalog.Model;
using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Assets;
using DataPort.Grains.Datasets;
using Orleans;

namespace DataPort.Catalog.Import;

/// <summary>
/// Registers every catalog entry the way its people would: the owning department submits the data asset,
/// the operator (授权运营单位) reviews and registers it, the department creates the dataset from the
/// registered asset and offers its licence options. Publishing waits for a first masked version from the
/// privacy pipeline. Each step looks at the grain's state first, so a second run (or a run after a crash
/// half-way) only does what is missing.
/// </summary>
public sealed class CatalogImporter(IGrainFactory grains, TimeProvider time)
{
    /// <summary>The acting user recorded on every event the import appends.</summary>
    public const string ActorId = "catalog-import";

    public async Task<ImportSummary> ImportAsync(CatalogContent catalog, CancellationToken cancellationToken = default)
    {
        var operatorOrganisation = catalog.Organisations.FirstOrDefault(o => o.Kind == "operator")
            ?? throw new ImportException($"{Loading.CatalogLoader.OrganisationsFile} lists no organisation of kind 'operator' to review the registrations");
        var reviewer = new Caller(ActorId, operatorOrganisation.Id, [Roles.Operator]);
        int created = 0, unchanged = 0;
        foreach (var dataset in catalog.Datasets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var owner = catalog.Owner(dataset)
                ?? throw new ImportException($"dataset '{dataset.Id}': owner '{dataset.Owner}' is not in {Loading.CatalogLoader.OrganisationsFile}");
            var department = new Caller(ActorId, owner.Id, [Roles.Merchant]);
            bool assetChanged, datasetChanged;
            try
            {
                (var asset, assetChanged) = await EnsureRegisteredAsync(dataset, department, reviewer);
                datasetChanged = asset.Status == AssetStatus.Registered && await EnsureDatasetAsync(dataset, asset, department);
            }
            catch (DomainException e)
            {
                throw new ImportException($"dataset '{dataset.Id}' ({dataset.SourceFile}): {e.Reason}");
            }
            created += (assetChanged ? 1 : 0) + (datasetChanged ? 1 : 0);
            unchanged += (assetChanged ? 0 : 1) + (datasetChanged ? 0 : 1);
        }
        return new ImportSummary(catalog.Datasets.Count, catalog.Datasets.Count, created, unchanged);
    }

    /// <summary>The asset and dataset id a catalog entry is registered under: its catalog id.</summary>
    public static string AssetId(DatasetDefinition dataset) => dataset.Id;

    /// <summary>Where each dataset stands in the registry, for <c>catalog list</c> after an import.</summary>
    public async Task<IReadOnlyList<ListingSource>> DescribeAsync(CatalogContent catalog)
    {
        var sources = new List<ListingSource>();
        foreach (var dataset in catalog.Datasets)
        {
            var yaml = ListingSource.Yaml(dataset);
            var asset = await grains.GetGrain<IAssetRegistrationGrain>(AssetId(dataset)).GetAsync();
            if (asset is null)
            {
                sources.Add(yaml);
                continue;
            }
            var registered = await grains.GetGrain<IDatasetGrain>(dataset.Id).GetAsync();
            sources.Add(yaml with
            {
                Kind = "registry",
                AssetId = asset.State.AssetId,
                AssetStatus = asset.State.Status.ToString(),
                DatasetStatus = registered?.State.Status.ToString() ?? "NotCreated",
            });
        }
        return sources;
    }

    private async Task<(AssetRegistration State, bool Changed)> EnsureRegisteredAsync(DatasetDefinition dataset, Caller department, Caller reviewer)
    {
        var grain = grains.GetGrain<IAssetRegistrationGrain>(AssetId(dataset));
        var current = (await grain.GetAsync())?.State;
        var changed = false;
        if (current is null)
        {
            current = (await grain.ExecuteAsync(new SubmitAsset(AssetId(dataset), department.OrganisationId, DomainMapping.Asset(dataset), department, time.GetUtcNow()))).State;
            changed = true;
        }
        if (current.Status == AssetStatus.Submitted)
        {
            current = (await grain.ExecuteAsync(new StartAssetReview(current.AssetId, reviewer, time.GetUtcNow()))).State;
            changed = true;
        }
        if (current.Status == AssetStatus.UnderReview)
        {
            current = (await grain.RegisterAsync(reviewer, time.GetUtcNow())).State;
            changed = true;
        }
        // Rejected, objected or revoked registrations were decided by people; an import never overrides them.
        return (current, changed);
    }

    private async Task<bool> EnsureDatasetAsync(DatasetDefinition dataset, AssetRegistration asset, Caller department)
    {
        var grain = grains.GetGrain<IDatasetGrain>(dataset.Id);
        var current = (await grain.GetAsync())?.State;
        var changed = false;
        if (current is null)
        {
            var columns = dataset.Columns.Select(DomainMapping.Column).ToList();
            current = (await grain.ExecuteAsync(new CreateDataset(
                dataset.Id, asset, DomainMapping.Metadata(dataset), columns, PublicData: true, department, time.GetUtcNow()))).State;
            changed = true;
        }
        if (current.Suspension is not null)
        {
            return changed; // the regulator froze it: nothing may be added until it is resumed
        }
        foreach (var licence in dataset.Licences.Where(l => current.LicenceOptions.All(o => o.Id != l.Id)))
        {
            current = (await grain.ExecuteAsync(new AddLicenceOption(dataset.Id, DomainMapping.Licence(licence), department, time.GetUtcNow()))).State;
            changed = true;
        }
        return changed;
    }
}

/// <summary>The catalog cannot be imported as it stands (a missing operator or owner organisation).</summary>
public sealed class ImportException(string message) : Exception(message);
