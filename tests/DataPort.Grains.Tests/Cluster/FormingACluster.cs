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
using Orleans.Runtime;

namespace DataPort.Grains.Tests.Cluster;

public interface IWhereGrain : IGrainWithStringKey
{
    /// <summary>The silo this activation lives on.</summary>
    Task<string> SiloAsync();
}

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

        var hosts = await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var keys = Enumerable.Range(0, 20).Select(i => $"key-{i}").ToList();
        var fromFirst = await Task.WhenAll(keys.Select(k => first.Services.GetRequiredService<IGrainFactory>().GetGrain<IWhereGrain>(k).SiloAsync()));
        var fromSecond = await Task.WhenAll(keys.Select(k => second.Services.GetRequiredService<IGrainFactory>().GetGrain<IWhereGrain>(k).SiloAsync()));

        Assert.Equal(2, hosts.Count);
        Assert.Equal(fromFirst, fromSecond);
        // Twenty keys spread over both silos: placement is cluster-wide, not per process.
        Assert.Equal(2, fromFirst.Distinct().Count());
        await second.StopAsync();
    }

    [Fact]
    public async Task Given_a_cluster_When_a_silo_leaves_Then_the_other_takes_over_its_grains_and_the_table_shows_it_dead()
    {
        var clusterId = "c-" + Guid.NewGuid().ToString("N");
        using var first = await StartSiloAsync(clusterId);
        using var second = await StartSiloAsync(clusterId);
        var grains = first.Services.GetRequiredService<IGrainFactory>();
        var keys = Enumerable.Range(0, 20).Select(i => $"key-{i}").ToList();
        var before = await Task.WhenAll(keys.Select(k => grains.GetGrain<IWhereGrain>(k).SiloAsync()));

        await second.StopAsync();
        var after = await Task.WhenAll(keys.Select(k => grains.GetGrain<IWhereGrain>(k).SiloAsync()));

        Assert.Equal(2, before.Distinct().Count());
        var survivor = Assert.Single(after.Distinct());
        Assert.Contains(survivor, before);
        var table = await first.Services.GetRequiredService<IMembershipTable>().ReadAllAsync(CancellationToken.None);
        Assert.Contains(table.Members, m => m.Item1.Status == SiloStatus.Dead);
        Assert.Single(table.Members, m => m.Item1.Status == SiloStatus.Active);
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
