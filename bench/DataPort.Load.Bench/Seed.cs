using DataPort.Database;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.EventStore;
using DataPort.Grains;
using DataPort.Grains.Grants;
using DataPort.Sandbox;
using DataPort.Sandbox.Loading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace DataPort.Bench.Load;

/// <summary>
/// The bench's data: 10,000 people loaded into the sandbox, and grants on them for org-dev issued by their grains. Done
/// by a short-lived silo of the bench's own, which leaves the cluster before the servers start.
/// </summary>
public static class Seed
{
    public const string Organisation = "org-dev";
    public const string Table = "sbx_people_v1.people";
    public const int Rows = 10_000;

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
        await host.Services.GetRequiredService<SandboxLoader>().LoadAsync(new LoadRequest("people", 1, "sha256:bench", new InMemoryRowSource(
            [new SandboxColumn("id", SandboxColumnType.BigInt), new SandboxColumn("district", SandboxColumnType.Text), new SandboxColumn("age", SandboxColumnType.Integer)],
            Enumerable.Range(0, Rows).Select(i => new object?[] { (long)i, $"D{i % 6}", 18 + i % 60 }))));
        var now = DateTimeOffset.UtcNow;
        var licence = new LicenceOption("sandbox", "Sandbox", false, 365, true, false, PriceModel.Free);
        var grantIds = new List<string>();
        for (var i = 0; i < grants; i++)
        {
            var grantId = Guid.NewGuid().ToString("N");
            await host.Services.GetRequiredService<EventWriter>().AppendAsync("grant-" + grantId, 0,
                [new AccessRequested(grantId, "people", "org-owner", Organisation, "bench", ["id", "district", "age"], 30, licence, null, "u-dev", now)],
                new EventMetadata("u-dev"));
            await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccessGrantGrain>(grantId)
                .ExecuteAsync(new ApproveGrant(grantId, null, null, GrantQuota.Unlimited, new Caller("u-owner", "org-owner", [Roles.Merchant]), now));
            grantIds.Add(grantId);
        }
        await host.StopAsync();
        return grantIds;
    }
}
