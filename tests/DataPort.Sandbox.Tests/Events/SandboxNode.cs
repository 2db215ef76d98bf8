using DataPort.Database;
using DataPort.EventStore;
using DataPort.Grains;
using DataPort.Sandbox.Roles;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace DataPort.Sandbox.Tests.Events;

/// <summary>
/// One server process's worth of sandbox: database, event store (with its part in Marten's async daemon), grains and the
/// sandbox in a host of its own. Two of them on one database stand for two server processes.
/// </summary>
public sealed class SandboxNode : IAsyncDisposable
{
    private readonly IHost host;

    private SandboxNode(IHost host) => this.host = host;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public IDocumentStore Events => host.Services.GetRequiredService<IDocumentStore>();

    public ISandboxRoles Roles => host.Services.GetRequiredService<ISandboxRoles>();

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    public static async Task<SandboxNode> StartAsync(string connectionString, string loginSecret)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:DataPort"] = connectionString,
            // One database for platform and sandbox, so the tests read the sandbox's bookkeeping beside the events.
            ["ConnectionStrings:Sandbox"] = connectionString,
            ["Sandbox:LoginSecret"] = loginSecret,
            ["EventStore:Daemon:FastPolling"] = "00:00:00.050",
            ["EventStore:Daemon:SlowPolling"] = "00:00:00.100",
            ["EventStore:Daemon:LeadershipPolling"] = "00:00:00.500",
        });
        builder.AddDataPortDatabase();
        builder.AddDataPortSandbox();
        builder.AddDataPortEventStore();
        builder.AddDataPortGrains();
        var host = builder.Build();
        await host.StartAsync();
        return new SandboxNode(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
