using System.Net;
using System.Net.Sockets;
using DataPort.Database;
using DataPort.Grains.Cluster;
using DataPort.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Placement;
using Orleans.Runtime;

namespace DataPort.Grains.Tests.Cluster;

public interface IWhereGrain : IGrainWithStringKey
{
    /// <summary>The silo this activation lives on.</summary>
    Task<string> SiloAsync();
}

/// <summary>Placed on the silo that first calls it, so a test decides where each activation lives.</summary>
[PreferLocalPlacement]
public sealed class WhereGrain : Grain, IWhereGrain
{
    public Task<string> SiloAsync() => Task.FromResult(RuntimeIdentity);
}

/// <summary>Real Orleans silos that find each other through DataPort's membership table, as server processes do.</summary>
public sealed class FormingACluster(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_two_silos_on_one_database_When_both_call_one_key_Then_one_activation_serves_the_whole_cluster()
    {
        var clusterId = "c-" + Guid.NewGuid().ToString("N");
        using var first = await StartSiloAsync(clusterId);
        using var second = await StartSiloAsync(clusterId);
        await BothSeeTwoSilosAsync(first, second);

        var onFirst = await Grains(first).GetGrain<IWhereGrain>("made-by-first").SiloAsync();
        var onSecond = await Grains(second).GetGrain<IWhereGrain>("made-by-second").SiloAsync();

        Assert.NotEqual(onFirst, onSecond);
        Assert.Equal(onFirst, await Grains(second).GetGrain<IWhereGrain>("made-by-first").SiloAsync());
        Assert.Equal(onSecond, await Grains(first).GetGrain<IWhereGrain>("made-by-second").SiloAsync());
        await second.StopAsync();
    }

    [Fact]
    public async Task Given_a_cluster_When_a_silo_leaves_Then_the_other_takes_over_its_grains_and_the_table_shows_it_dead()
    {
        var clusterId = "c-" + Guid.NewGuid().ToString("N");
        using var first = await StartSiloAsync(clusterId);
        using var second = await StartSiloAsync(clusterId);
        await BothSeeTwoSilosAsync(first, second);
        var onFirst = await Grains(first).GetGrain<IWhereGrain>("stays").SiloAsync();
        var onSecond = await Grains(second).GetGrain<IWhereGrain>("moves").SiloAsync();

        await second.StopAsync();
        var moved = await Grains(first).GetGrain<IWhereGrain>("moves").SiloAsync();

        Assert.NotEqual(onFirst, onSecond);
        Assert.Equal(onFirst, moved);
        var table = await first.Services.GetRequiredService<IMembershipTable>().ReadAllAsync(CancellationToken.None);
        Assert.Contains(table.Members, m => m.Item1.Status == SiloStatus.Dead);
        Assert.Single(table.Members, m => m.Item1.Status == SiloStatus.Active);
    }

    private static IGrainFactory Grains(IHost silo) => silo.Services.GetRequiredService<IGrainFactory>();

    // Placement uses each silo's own view: one that has just joined is known to the other once it reads the table again.
    private static async Task BothSeeTwoSilosAsync(IHost first, IHost second)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        foreach (var silo in new[] { first, second })
        {
            var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
            while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < 2)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the two silos did not see each other within 30 s");
                await Task.Delay(50);
            }
        }
    }

    private async Task<IHost> StartSiloAsync(string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:DataPort"] = database.ConnectionString });
        builder.AddDataPortDatabase();
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "dataport"))
            .ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort())
            .UseDataPortMembership());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
