using DataPort.Database;
using DataPort.EventStore;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace DataPort.Grains.Tests;

/// <summary>One server process's worth of grains: its own host and Orleans silo, joining the cluster of its database.</summary>
public sealed class GrainSilo : IAsyncDisposable
{
    private readonly IHost host;

    private GrainSilo(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public IDocumentStore Events => host.Services.GetRequiredService<IDocumentStore>();

    public static async Task<GrainSilo> StartAsync(
        string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        string environment = "Testing")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:DataPort"] = connectionString,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddDataPortDatabase();
        builder.AddDataPortEventStore();
        builder.AddDataPortGrains();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new GrainSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
