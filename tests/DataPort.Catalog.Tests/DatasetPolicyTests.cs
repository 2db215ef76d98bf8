using DataPort.Catalog.Loading;
using DataPort.Catalog.Publishing;
using DataPort.Privacy.Detection;
using DataPort.Privacy.Policy;

namespace DataPort.Catalog.Tests;

public class DatasetPolicyTests
{
    private static readonly MaskingPolicy Default = PolicyLoader.LoadDefault();

    [Fact]
    public void Given_a_dataset_with_no_place_columns_When_its_policy_is_made_Then_it_is_the_ports_policy_unchanged()
    {
        var dataset = CatalogLoader.Load(RepositoryCatalog.Directory).Find("street-order-events")!;

        Assert.Same(Default, DatasetPolicy.For(Default, dataset));
    }

    [Fact]
    public void Given_place_columns_When_the_policy_is_made_Then_general_ones_are_kept_higher_ones_masked_and_none_is_a_quasi_identifier()
    {
        var catalog = CatalogLoader.Load(RepositoryCatalog.Directory);
        var stops = DatasetPolicy.For(Default, catalog.Find("bus-stops")!);
        var stations = DatasetPolicy.For(Default, catalog.Find("5g-base-stations")!);

        Assert.Equal(OperatorKind.Keep, stops.OperatorOf("经度", stops.Columns["经度"].Entity).Kind);
        Assert.False(stops.IsQuasiIdentifier("经度", null));
        Assert.Equal(OperatorKind.Generalise, stations.OperatorOf("经度", EntityIds.GeoCoordinate).Kind);
        Assert.False(stations.IsQuasiIdentifier("经度", EntityIds.GeoCoordinate));
        // A column of the same entity that the owner did not call a place stays a quasi-identifier.
        Assert.True(stops.IsQuasiIdentifier("坐标", EntityIds.GeoCoordinate));
        Assert.Equal("default+catalog:bus-stops", stops.Name);
        Assert.NotEqual(Default.Sha256, stops.Sha256);
        Assert.NotEqual(stops.Sha256, stations.Sha256);
    }

    [Fact]
    public void Given_a_column_with_its_own_hierarchy_When_the_policy_is_made_Then_it_replaces_the_entity_s()
    {
        var machinery = DatasetPolicy.For(Default, CatalogLoader.Load(RepositoryCatalog.Directory).Find("farm-machinery-operations")!);

        Assert.Equal(["grid_2", "district", "city"], machinery.HierarchyOf("作业位置", EntityIds.GeoCoordinate)!.Levels);
        Assert.Equal(["grid_3", "grid_2", "district", "city"], machinery.HierarchyOf("坐标", EntityIds.GeoCoordinate)!.Levels);
        Assert.True(machinery.IsQuasiIdentifier("作业位置", EntityIds.GeoCoordinate));
    }
}
