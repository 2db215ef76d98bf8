using DataPort.Database;
using Marten;
using Npgsql;

namespace DataPort.EventStore.Tests;

public sealed record GrantIssued(string GrantId, string IssuedBy, DateTimeOffset IssuedAt);

public sealed record GrantRevoked(string GrantId, string RevokedBy, string Reason);

public sealed record Counted(int Writer, int Number);

public static class SampleEvents
{
    public static GrantIssued Issued(string grantId) => new(grantId, "u-1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
}

/// <summary>Marten configured as the server configures it, with the sample events, and DataPort's writer over it.</summary>
public sealed class SampleEventStore : IDisposable
{
    public SampleEventStore(NpgsqlDataSource dataSource, Action<StoreOptions>? configure = null)
    {
        var options = EventStoreSchema.CreateOptions(dataSource);
        EventStoreRegistration.ConfigureSerialization(options);
        EventStoreRegistration.ConfigureDaemon(options, new DaemonOptions());
        options.Events.MapEventType<GrantIssued>("grant.issued");
        options.Events.MapEventType<GrantRevoked>("grant.revoked");
        options.Events.MapEventType<Counted>("test.counted");
        configure?.Invoke(options);
        Store = new DocumentStore(options);
        Writer = new EventWriter(Store, dataSource);
        DataSource = dataSource;
    }

    public DocumentStore Store { get; }

    public EventWriter Writer { get; }

    private NpgsqlDataSource DataSource { get; }

    /// <summary>What the daemon does on a server: move Marten's high-water mark up to every committed event.</summary>
    public Task<bool> AdvanceHighWaterMarkAsync() => HighWaterMark.AdvanceAsync(DataSource, CancellationToken.None);

    public void Dispose() => Store.Dispose();
}
