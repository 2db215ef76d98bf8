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

namespace DataPort.Bench;

/// <summary>
/// The sandbox benches' data, made through a host that runs the sandbox and the grains: 10,000 people loaded into the
/// sandbox (id, district, age), and grants on them for org-dev, requested on their streams and issued by their grains.
/// </summary>
public static class SandboxSeed
{
    public const string Organisation = "org-dev";
    public const string Table = "sbx_people_v1.people";
    public const int Rows = 10_000;

    public static readonly Caller Developer = new("u-dev", Organisation, [Roles.Developer]);

    /// <summary>A started host with the sandbox, the event store and a silo of its own, on the bench's database.</summary>
    public static async Task<IHost> StartHostAsync(string connectionString, string loginSecret)
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
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task<IReadOnlyList<string>> PeopleWithGrantsAsync(IServiceProvider services, int grants)
    {
        await services.GetRequiredService<SandboxLoader>().LoadAsync(new LoadRequest("people", 1, "sha256:bench", new InMemoryRowSource(
            [new SandboxColumn("id", SandboxColumnType.BigInt), new SandboxColumn("district", SandboxColumnType.Text), new SandboxColumn("age", SandboxColumnType.Integer)],
            Enumerable.Range(0, Rows).Select(i => new object?[] { (long)i, $"D{i % 6}", 18 + i % 60 }))));
        var now = DateTimeOffset.UtcNow;
        var licence = new LicenceOption("sandbox", "Sandbox", false, 365, true, false, PriceModel.Free);
        var grantIds = new List<string>();
        for (var i = 0; i < grants; i++)
        {
            var grantId = Guid.NewGuid().ToString("N");
            await services.GetRequiredService<EventWriter>().AppendAsync("grant-" + grantId, 0,
                [new AccessRequested(grantId, "people", "org-owner", Organisation, "bench", ["id", "district", "age"], 30, licence, null, Developer.Id, now)],
                new EventMetadata(Developer.Id));
            await services.GetRequiredService<IGrainFactory>().GetGrain<IAccessGrantGrain>(grantId)
                .ExecuteAsync(new ApproveGrant(grantId, null, null, GrantQuota.Unlimited, new Caller("u-owner", "org-owner", [Roles.Merchant]), now));
            grantIds.Add(grantId);
        }
        return grantIds;
    }
}
