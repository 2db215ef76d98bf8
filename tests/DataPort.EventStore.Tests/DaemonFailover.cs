using System.Collections.Concurrent;
using DataPort.Database;
using DataPort.EventStore.Projections;
using DataPort.Testing;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DataPort.EventStore.Tests;

/// <summary>
/// Two server processes' worth of event store on one database, each with its part in Marten's hot/cold daemon: one
/// runs the subscriptions; when it stops, the other takes over from the stored progress and nothing is lost.
/// </summary>
public sealed class DaemonFailover(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_two_nodes_When_the_one_running_the_subscription_stops_Then_the_other_continues_without_a_gap()
    {
        var first = await StartNodeAsync();
        var second = await StartNodeAsync();
        var writer = first.Services.GetRequiredService<EventWriter>();
        var appended = new List<long>();
        async Task AppendAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                appended.Add((await writer.AppendAsync($"failover-{i % 3}", null, [new Counted(0, appended.Count)], EventMetadata.None)).Positions[0]);
            }
        }

        await AppendAsync(20);
        await WaitUntilAsync(() => Seen(first).Count + Seen(second).Count >= 20, "the first 20 events");
        var (leader, standby) = Seen(first).Any() ? (first, second) : (second, first);
        var seenByLeader = Seen(leader);
        Assert.Empty(Seen(standby));
        await leader.StopAsync();
        leader.Dispose();
        var standbyWriter = standby.Services.GetRequiredService<EventWriter>();
        for (var i = 0; i < 20; i++)
        {
            appended.Add((await standbyWriter.AppendAsync($"failover-{i % 3}", null, [new Counted(1, i)], EventMetadata.None)).Positions[0]);
        }
        await WaitUntilAsync(() => Seen(standby).Count >= 20, "the standby to take over");

        Assert.Equal(appended, seenByLeader.Concat(Seen(standby)).Distinct().Order());
        await standby.StopAsync();
        standby.Dispose();
    }

    private static IReadOnlyList<long> Seen(IHost node) => [.. node.Services.GetRequiredService<Recorder>().Positions];

    private async Task<IHost> StartNodeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:DataPort"] = database.ConnectionString,
            ["Ledger:KeyEncryptionKey"] = "failover-test",
            ["EventStore:Daemon:FastPolling"] = "00:00:00.050",
            ["EventStore:Daemon:SlowPolling"] = "00:00:00.100",
            ["EventStore:Daemon:LeadershipPolling"] = "00:00:00.500",
        });
        builder.AddDataPortDatabase();
        builder.AddDataPortEventStore();
        builder.Services.AddSingleton<IConfigureMarten, SampleEventTypes>();
        builder.Services.AddAsyncProjection<Recorder>("failover-recorder", typeof(Counted));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    private sealed class SampleEventTypes : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Events.MapEventType<Counted>("test.counted");
    }

    private sealed class Recorder : IAsyncProjection
    {
        private readonly ConcurrentQueue<long> positions = new();

        public IEnumerable<long> Positions => positions;

        public Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
        {
            foreach (var e in events.Where(e => e.Data is Counted))
            {
                positions.Enqueue(e.Sequence);
            }
            return Task.CompletedTask;
        }
    }
}
