using DataPort.Database;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.EventStore;
using DataPort.Grains;
using DataPort.Server.Infrastructure;
using DataPort.Trading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DataPort.Jobs.Tests;

/// <summary>
/// Writes usage as the sandbox and the grants do, through the real event store, then dates each event's commit
/// to its own time, as if it had been appended then (the roll-up finds events by commit time).
/// </summary>
public sealed class UsageEvents : IDisposable
{
    private readonly IHost host;
    private readonly EventWriter store;
    private readonly NpgsqlDataSource dataSource;

    private UsageEvents(IHost host)
    {
        this.host = host;
        store = host.Services.GetRequiredService<EventWriter>();
        dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
    }

    /// <summary>What the host needs for the roll-up: events with the domain's and the sandbox's event names, trading, the bridges.</summary>
    public static void AddUsageModules(IHostApplicationBuilder builder)
    {
        builder.AddDataPortEventStore();
        builder.AddDataPortGrains();
        builder.AddDataPortTrading();
        builder.AddModuleBridges();
    }

    public static UsageEvents For(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration["ConnectionStrings:DataPort"] = connectionString;
        builder.AddDataPortDatabase();
        builder.AddDataPortEventStore();
        builder.AddDataPortGrains();
        return new UsageEvents(builder.Build());
    }

    /// <summary>An issued grant, as its grain writes it (the grants read model follows inline).</summary>
    public async Task GrantAsync(string grantId, string datasetId, string developerOrganisation, string ownerOrganisation)
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var licence = new LicenceOption("per-query", "Per query", true, 365, true, false, new PriceModel(PriceKind.PerQuery, 100));
        await store.AppendAsync("grant-" + grantId, 0,
            [
                new AccessRequested(grantId, datasetId, ownerOrganisation, developerOrganisation, "research", ["stop_id"], 365, licence, 1, "dev-1", at),
                new GrantIssued(grantId, ["stop_id"], at, at.AddYears(2), GrantQuota.Unlimited, "owner-1", at),
            ],
            new EventMetadata(Actor: "owner-1"));
    }

    /// <summary>A use that ran and consumed the grant's quota: its one record, <c>grant.usage-recorded</c>.</summary>
    public Task UsedAsync(string grantId, UseKind kind, long rows, DateTimeOffset at, long durationMs = 10) =>
        AppendAsync("grant-" + grantId,
            new GrantUsageRecorded(grantId, kind, rows, "dev-1", at, UseOutcomes.Succeeded, 1, "hash", durationMs));

    /// <summary>A refused attempt: recorded on the grant's stream, consuming nothing.</summary>
    public Task DeniedAsync(string grantId, DateTimeOffset at) =>
        AppendAsync("grant-" + grantId,
            new GrantUsageRecorded(grantId, UseKind.SandboxQuery, 0, "dev-1", at, UseOutcomes.Denied("quota-exhausted"), 1, "hash"));

    private async Task AppendAsync(string streamId, object @event)
    {
        var result = await store.AppendAsync(streamId, null, [@event], new EventMetadata(Actor: "dev-1"));
        // The log is append-only (a trigger); this test database's owner lifts that for this one statement only.
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("ALTER TABLE events.mt_events DISABLE TRIGGER events_append_only"),
                new("UPDATE events.mt_events SET timestamp = (data->>'recordedAt')::timestamptz WHERE seq_id = $1")
                {
                    Parameters = { new() { Value = result.Positions[0] } },
                },
                new("ALTER TABLE events.mt_events ENABLE TRIGGER events_append_only"),
            },
        };
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    public void Dispose() => host.Dispose();
}
