using System.Collections.Concurrent;
using System.Diagnostics;
using DataPort.Client;
using DataPort.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace DataPort.Journeys.Tests.Cluster;

/// <summary>
/// A fourth node is killed with SIGKILL while apps query through the other three. Every query the cluster answered
/// is on its grant's stream, the grains that lived on the dead node come back on the survivors within a bound, and
/// the survivors declare the dead silo dead.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KillingANodeTests(ClusterOfProcesses cluster, ITestOutputHelper output)
{
    private const int Grants = 16;

    /// <summary>What this test allows; docs/scaling.md states what was measured.</summary>
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Given_load_on_every_node_When_one_is_killed_Then_nothing_acknowledged_is_lost_and_its_grains_answer_from_the_survivors()
    {
        var victim = await cluster.StartProcessAsync();
        try
        {
            await ClusterMembership.WaitForActiveSilosAsync(cluster.DataSource, 4);
            // Each grant is first used through the victim, so with the default placement (the caller's silo when it
            // is not overloaded, else the least loaded) a share of the grains lives there.
            var apps = new List<(GrantedApp App, DataPortConnection Survivor)>();
            for (var i = 0; i < Grants; i++)
            {
                var app = await cluster.GrantedAppAsync();
                using (var first = app.Through(victim))
                {
                    await first.Sandbox.RunSandboxQueryAsync(app.Query);
                }
                apps.Add((app, app.Through(cluster.Nodes[i % cluster.Nodes.Count])));
            }

            var acknowledged = new ConcurrentDictionary<string, int>();
            var firstAnswerAfterKill = new ConcurrentDictionary<string, TimeSpan>();
            var failures = new ConcurrentBag<string>();
            // Started at the kill; until then the load loops see it stopped.
            var sinceKill = new Stopwatch();
            using var stop = new CancellationTokenSource();
            var load = apps.Select(a => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await a.Survivor.Sandbox.RunSandboxQueryAsync(a.App.Query, stop.Token);
                        acknowledged.AddOrUpdate(a.App.GrantId, 1, (_, n) => n + 1);
                        if (sinceKill.IsRunning)
                        {
                            firstAnswerAfterKill.TryAdd(a.App.GrantId, sinceKill.Elapsed);
                        }
                    }
                    catch (Exception e) when (!stop.IsCancellationRequested)
                    {
                        failures.Add(e is DataPortApiException api ? $"HTTP {api.StatusCode}" : $"{e.GetType().Name}: {e.Message}");
                        await Task.Delay(100);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(2));
            // Silos that left in order (the dataport command's) are already Dead rows.
            var deadBefore = await ClusterMembership.CountAsync(cluster.DataSource, ClusterMembership.Dead);
            var beforeKill = acknowledged.Values.Sum();
            victim.Kill();
            sinceKill.Start();
            var declaredDead = await WaitForDeadAsync(deadBefore, sinceKill);
            while (firstAnswerAfterKill.Count < Grants && sinceKill.Elapsed < FailoverBound + TimeSpan.FromSeconds(5))
            {
                await Task.Delay(100);
            }
            // Some more load on the healed cluster.
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await Task.WhenAll(load);

            var slowest = firstAnswerAfterKill.Values.DefaultIfEmpty(TimeSpan.MaxValue).Max();
            output.WriteLine($"killed node declared dead after {declaredDead.TotalSeconds:0.0} s; every grant answered again after at most " +
                $"{slowest.TotalSeconds:0.0} s; {acknowledged.Values.Sum()} queries acknowledged ({beforeKill} in the 2 s before the kill); failures: " +
                string.Join(", ", failures.GroupBy(f => f).Select(g => $"{g.Key} ×{g.Count()}")));
            Assert.Equal(Grants, firstAnswerAfterKill.Count);
            Assert.True(slowest < FailoverBound, $"a grant answered again only after {slowest.TotalSeconds:0.0} s");
            Assert.True(declaredDead < FailoverBound, $"the dead silo was declared dead only after {declaredDead.TotalSeconds:0.0} s");
            foreach (var (app, _) in apps)
            {
                // One use through the victim at set-up, then every acknowledged one; a use whose answer was lost may be there too.
                var recorded = await SucceededUsesAsync(app.GrantId);
                Assert.True(recorded >= 1 + acknowledged.GetValueOrDefault(app.GrantId),
                    $"grant {app.GrantId}: {recorded} uses recorded, {1 + acknowledged.GetValueOrDefault(app.GrantId)} acknowledged");
                var versions = await cluster.StreamVersionsAsync("grant-" + app.GrantId);
                Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
            }
            foreach (var (_, survivor) in apps)
            {
                survivor.Dispose();
            }
        }
        finally
        {
            victim.Kill();
            await victim.DisposeAsync();
        }
    }

    private async Task<TimeSpan> WaitForDeadAsync(int deadBefore, Stopwatch sinceKill)
    {
        while (await ClusterMembership.CountAsync(cluster.DataSource, ClusterMembership.Dead) == deadBefore)
        {
            if (sinceKill.Elapsed > FailoverBound + TimeSpan.FromSeconds(15))
            {
                return sinceKill.Elapsed;
            }
            await Task.Delay(100);
        }
        return sinceKill.Elapsed;
    }

    private async Task<long> SucceededUsesAsync(string grantId)
    {
        await using var command = cluster.DataSource.CreateCommand("""
            SELECT count(*) FROM events.mt_events
            WHERE stream_id = $1 AND type = 'grant.usage-recorded' AND data->>'outcome' = 'succeeded'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = "grant-" + grantId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
