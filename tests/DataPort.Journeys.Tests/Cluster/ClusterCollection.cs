namespace DataPort.Journeys.Tests.Cluster;

/// <summary>Four server processes load this machine's cores: the collection runs alone, not beside the other journeys.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterOfProcesses>
{
    public const string Name = "cluster of processes";
}
