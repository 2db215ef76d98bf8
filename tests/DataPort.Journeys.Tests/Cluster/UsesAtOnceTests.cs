using DataPort.Client;

namespace DataPort.Journeys.Tests.Cluster;

/// <summary>
/// A grant runs at most four uses at once across the cluster: the fifth, on any node, is told to come back (429 with
/// Retry-After) at once, and spends no quota.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UsesAtOnceTests(ClusterOfProcesses cluster)
{
    // Slow enough that twelve overlap, reading nothing but a series.
    private const string SlowSql = "SELECT count(*) FROM generate_series(1, 4000000)";

    [Fact]
    public async Task Given_slow_queries_from_every_node_When_more_than_four_overlap_Then_the_rest_get_429_with_retry_after_and_cost_nothing()
    {
        var app = await cluster.GrantedAppAsync(maxQueries: 100);
        var connections = cluster.Nodes.Select(app.Through).ToList();
        try
        {
            await Task.WhenAll(connections.Select(c => c.Grants.GetGrantAsync(app.GrantId)));
            var query = new SandboxQueryRequest { GrantId = app.GrantId, Sql = SlowSql };

            var outcomes = await Task.WhenAll(connections.SelectMany(c => Enumerable.Range(0, 4).Select(_ => QueryAsync(c, query))));

            Assert.InRange(outcomes.Count(o => o.Status == 200), 4, 11);
            var busy = outcomes.Where(o => o.Status == 429).ToList();
            Assert.NotEmpty(busy);
            Assert.All(busy, o => Assert.Equal("1", o.RetryAfter));
            Assert.Equal(outcomes.Count(o => o.Status == 200), (await connections[0].Grants.GetGrantAsync(app.GrantId)).Usage.Queries);
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }

    private static async Task<(int Status, string? RetryAfter)> QueryAsync(DataPortConnection app, SandboxQueryRequest query)
    {
        try
        {
            await app.Sandbox.RunSandboxQueryAsync(query);
            return (200, null);
        }
        catch (DataPortApiException e)
        {
            return (e.StatusCode, e.Headers.TryGetValue("Retry-After", out var values) ? values.FirstOrDefault() : null);
        }
    }
}
