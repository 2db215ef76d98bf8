using DataPort.Database;
using DataPort.EventStore;
using DataPort.Grains;
using DataPort.Sandbox;
using DataPort.Sandbox.Loading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataPort.Catalog.Tests;

/// <summary>The services <c>dataport catalog import</c> and <c>publish</c> run on: the real grains over a test database.</summary>
internal static class GrainsHost
{
    /// <summary>Starts the host: its silo joins the test database's cluster.</summary>
    public static async Task<IHost> StartAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        // One database for platform and sandbox, so tests can reach the sandbox's bookkeeping beside the events.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:DataPort"] = connectionString,
            ["ConnectionStrings:Sandbox"] = connectionString,
        });
        builder.AddDataPortDatabase();
        builder.AddDataPortEventStore();
        builder.AddDataPortGrains();
        builder.Services.AddSingleton(services => SandboxRegistration.CreateDatabase(builder.Configuration, services));
        builder.Services.AddSingleton<SandboxLoader>();
        builder.Services.AddSingleton<SandboxVersions>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
