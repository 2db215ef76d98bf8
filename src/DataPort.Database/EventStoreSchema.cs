using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace DataPort.Database;

/// <summary>
/// The event history's tables are Marten's (<c>events.mt_events</c>, <c>events.mt_streams</c>, the daemon's
/// progress). Their shape is set here, once, for every process and for <c>dataport db migrate</c>: the
/// migrator applies Marten's own DDL first, so DataPort's SQL migrations can index, guard and fill those tables.
/// A running server never changes the schema (<see cref="AutoCreate.None"/>).
/// </summary>
public static class EventStoreSchema
{
    /// <summary>
    /// Options with what decides the tables' columns: schema, string stream keys (<c>grant-…</c>) and the metadata kept
    /// per event. Every store of DataPort starts from these and adds its serializer, event types and subscriptions.
    /// </summary>
    public static StoreOptions CreateOptions(NpgsqlDataSource dataSource)
    {
        var options = new StoreOptions();
        options.Connection(dataSource);
        options.DatabaseSchemaName = "events";
        options.AutoCreateSchemaObjects = AutoCreate.None;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Trace id → correlation id, the acting user or app → user_name, anything else → headers.
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.UserNameEnabled = true;
        // Marten makes its event tables only once some event type is known; this one is the event store's own.
        options.Events.MapEventType<EventStoreMoved>(EventStoreMoved.TypeName);
        return options;
    }

    /// <summary>
    /// Creates or updates Marten's tables and functions to match <see cref="CreateOptions"/>, plus the document tables
    /// <paramref name="documents"/> declares (the read models', which this project cannot name).
    /// </summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, Action<StoreOptions> documents, CancellationToken cancellationToken)
    {
        var options = CreateOptions(dataSource);
        documents(options);
        // Only the tables are wanted here; this store runs no projection (and so Marten warns of none on stdout).
        options.Projections.AsyncMode = DaemonMode.ExternallyManaged;
        using var store = new DocumentStore(options);
        cancellationToken.ThrowIfCancellationRequested();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
    }
}

/// <summary>
/// The event history moved to another store (written once, on <c>platform-event-store</c>, by migration 0900 when it
/// copied the hand-written store's events into Marten's tables): the ledger seals it like any event, so a signed
/// checkpoint covers the switch.
/// </summary>
public sealed record EventStoreMoved(string Store, long EventsCopied, long? LastPosition, DateTimeOffset MovedAt)
{
    public const string TypeName = "platform.event-store-moved";
}
