namespace DataPort.Catalog.Model;

/// <summary>A data-owning department, district government, the operator or a data merchant (数商).</summary>
public sealed record Organisation(string Id, string Name, string En, string Kind, string Uscc);

/// <summary>Everything under a catalog directory once it has loaded and validated.</summary>
public sealed record CatalogContent(
    string Directory,
    IReadOnlyList<Organisation> Organisations,
    IReadOnlyList<DatasetDefinition> Datasets)
{
    public DatasetDefinition? Find(string id) => Datasets.FirstOrDefault(d => d.Id == id);

    public Organisation? Owner(DatasetDefinition dataset) => Organisations.FirstOrDefault(o => o.Name == dataset.Owner);
}
