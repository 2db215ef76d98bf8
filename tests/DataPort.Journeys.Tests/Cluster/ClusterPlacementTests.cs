using DataPort.Client;
using DataPort.Grains.Datasets;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace DataPort.Journeys.Tests;

/// <summary>
/// The journeys run on one silo and, with <c>DATAPORT_JOURNEY_SILOS=2</c>, on a cluster of two processes. There the
/// catalog's grains must really be spread over both, or the run would prove nothing about calls between processes.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class ClusterPlacementTests(PortWithCatalog port)
{
    [Fact]
    public async Task Given_the_ports_cluster_When_every_dataset_is_read_Then_their_grains_live_on_every_silo_and_answer_alike()
    {
        using var visitor = port.As("visitor-1;visitors;developer");
        var datasets = await new DatasetsClient(visitor).SearchDatasetsAsync(pageSize: 100);
        var grains = port.Services.GetRequiredService<IGrainFactory>();

        foreach (var dataset in datasets.Items)
        {
            var state = await grains.GetGrain<IDatasetGrain>(dataset.DatasetId).GetAsync();
            Assert.Equal(dataset.DatasetId, state!.State.DatasetId);
        }

        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var silosWithDatasets = statistics.Where(s => s.GrainType.Contains("DatasetGrain", StringComparison.Ordinal) && s.ActivationCount > 0)
            .Select(s => s.SiloAddress).Distinct().Count();
        Assert.Equal(PortWithCatalog.Silos, silosWithDatasets);
    }
}
