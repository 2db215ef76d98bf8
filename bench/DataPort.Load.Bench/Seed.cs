using DataPort.Database;
using DataPort.EventStore;
using DataPort.Grains;
using DataPort.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace DataPort.Bench.Load;

/// <summary>
/// The bench's data (<see cref="SandboxSeed"/>), made by a short-lived silo of the bench's own, which leaves the
/// cluster before the servers start.
/// </summary>
public static class Seed
{
    public static async Task<IReadOnlyList<string>> RunAsync(string connectionString, string loginSecret, int grants)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:DataPort"] = connectionString,
            ["Sandbox:LoginSecret"] = loginSecret,
        });
        builder.AddDataPortDatabase();
        builder.AddDataPortEventStore();
        builder.AddDataPortGrains();
        builder.AddDataPortSandbox();
        using var host = builder.Build();
        await host.StartAsync();
        var grantIds = await SandboxSeed.PeopleWithGrantsAsync(host.Services, grants);
        await host.StopAsync();
        return grantIds;
    }
}
