using DataPort.Client;
using Xunit.Abstractions;

namespace DataPort.Journeys.Tests.Cluster;

/// <summary>
/// One grant's quota, spent at once through every node of a cluster of separate processes: its one grain decides every
/// use, so exactly the quota is used, and its stream stays one linear history.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class QuotaAcrossProcessesTests(ClusterOfProcesses cluster, ITestOutputHelper output)
{
    private const int Quota = 20;
    private const int CallsPerNode = 15;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Given_a_query_quota_When_every_node_spends_it_at_once_Then_exactly_the_quota_runs_and_the_stream_stays_linear(int nodes)
    {
        var app = await cluster.GrantedAppAsync(maxQueries: Quota);
        var connections = cluster.Nodes.Take(nodes).Select(app.Through).ToList();
        try
        {
            // Each connection gets its token first, so the burst below is queries only.
            await Task.WhenAll(connections.Select(c => c.Grants.GetGrantAsync(app.GrantId)));

            var outcomes = await Task.WhenAll(connections.SelectMany(c => Enumerable.Range(0, CallsPerNode).Select(_ => QueryAsync(c, app.Query))));

            output.WriteLine($"{nodes} nodes × {CallsPerNode} calls: {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key} {g.Count()}"))}");
            Assert.Equal(Quota, outcomes.Count(o => o == 200));
            Assert.Equal(nodes * CallsPerNode - Quota, outcomes.Count(o => o == 403));
            var usage = (await connections[^1].Grants.GetGrantAsync(app.GrantId)).Usage;
            Assert.Equal(Quota, usage.Queries);
            var versions = await cluster.StreamVersionsAsync("grant-" + app.GrantId);
            Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }

    /// <summary>One use as a patient client makes it: 429 (the grant already runs its most queries at once) is tried again.</summary>
    private static async Task<int> QueryAsync(DataPortConnection app, SandboxQueryRequest query)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                await app.Sandbox.RunSandboxQueryAsync(query);
                return 200;
            }
            catch (DataPortApiException e) when (e.StatusCode == 429 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(Random.Shared.Next(50, 250));
            }
            catch (DataPortApiException e)
            {
                return e.StatusCode;
            }
        }
    }
}
