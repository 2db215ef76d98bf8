using DataPort.Database;
using DataPort.EventStore;
using DataPort.Grains;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace DataPort.Trading.Tests;

/// <summary>One server process's worth of trading: database, event store, grains and trading in a host of its own.</summary>
public sealed class TradingNode : IAsyncDisposable
{
    private readonly IHost host;

    private TradingNode(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public IDocumentStore Events => host.Services.GetRequiredService<IDocumentStore>();

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>Payments succeed at once, every callback is repeated and followed by a stale failure notice.</summary>
    public static readonly IReadOnlyDictionary<string, string?> HostileProvider = new Dictionary<string, string?>
    {
        ["Trading:SimulatedPayments:CallbackDelay"] = "00:00:00",
        ["Trading:SimulatedPayments:DuplicateRate"] = "1",
        ["Trading:SimulatedPayments:StaleFailureRate"] = "1",
        ["EventStore:Daemon:FastPolling"] = "00:00:00.050",
        ["EventStore:Daemon:SlowPolling"] = "00:00:00.100",
        ["EventStore:Daemon:LeadershipPolling"] = "00:00:00.500",
        ["Grains:MaxConcurrencyRetries"] = "50",
    };

    public static async Task<TradingNode> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:DataPort"] = connectionString });
        builder.Configuration.AddInMemoryCollection(settings ?? HostileProvider);
        builder.AddDataPortDatabase();
        builder.AddDataPortEventStore();
        builder.AddDataPortGrains();
        builder.AddDataPortTrading();
        var host = builder.Build();
        await host.StartAsync();
        return new TradingNode(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
