using System.Text.Json;
using DataPort.Database;
using DataPort.EventStore.Ledger;
using DataPort.EventStore.Projections;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Weasel.Core;

namespace DataPort.EventStore;

public static class EventStoreRegistration
{
    /// <summary>
    /// Registers Marten as the event store (tables as <see cref="EventStoreSchema"/> sets them; event types from every
    /// <see cref="IConfigureMarten"/> in DI, which also adds the read models' Marten projections), the <see cref="EventWriter"/>,
    /// each <see cref="AddAsyncProjection{T}"/> as a Marten subscription, and the audit ledger (<see cref="ILedger"/>,
    /// <see cref="LedgerSealer"/>, options from the <c>Ledger</c> section). With <paramref name="runDaemon"/> this process
    /// takes part in Marten's async daemon (hot/cold: one node runs the subscriptions, the others stand by), which seals
    /// the ledger as events arrive (<see cref="LedgerSubscription"/>), and runs <see cref="LedgerSealingService"/>, which signs
    /// checkpoints. Needs the
    /// <see cref="NpgsqlDataSource"/> from <c>AddDataPortDatabase</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortEventStore(this IHostApplicationBuilder builder, bool runDaemon = true)
    {
        builder.Services.AddOptions<DaemonOptions>().BindConfiguration(DaemonOptions.Section);
        var marten = builder.Services.AddMarten(services =>
        {
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            var options = EventStoreSchema.CreateOptions(dataSource);
            ConfigureSerialization(options);
            ConfigureDaemon(options, services.GetRequiredService<IOptions<DaemonOptions>>().Value);
            if (!runDaemon)
            {
                // The servers' daemon runs the async projections; Marten would otherwise warn on stdout, into the CLI's output.
                options.Projections.AsyncMode = DaemonMode.ExternallyManaged;
            }
            options.Events.Subscribe(new LedgerSubscription(() => services.GetRequiredService<LedgerSealer>()));
            foreach (var projection in services.GetServices<AsyncProjectionRegistration>())
            {
                options.Events.Subscribe(new ProjectionSubscription(
                    projection.Name, projection.EventTypes, () => (IAsyncProjection)services.GetRequiredService(projection.Type), dataSource));
            }
            return options;
        }).UseLightweightSessions();
        if (runDaemon)
        {
            marten.AddAsyncDaemon(DaemonMode.HotCold);
            builder.Services.AddHostedService(services => new LedgerSealingService(services.GetRequiredService<LedgerSealer>(),
                services.GetRequiredService<IOptions<LedgerOptions>>(), services.GetService<TimeProvider>() ?? TimeProvider.System,
                services.GetRequiredService<ILogger<LedgerSealingService>>()));
        }
        builder.Services.AddSingleton<EventWriter>();

        builder.Services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section);
        builder.Services.AddSingleton(services =>
        {
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            var options = services.GetRequiredService<IOptions<LedgerOptions>>().Value;
            var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
            var sealer = new LedgerSealer(dataSource, new LedgerKeyStore(dataSource, options), options, clock,
                services.GetRequiredService<ILogger<LedgerSealer>>());
            return new PostgresLedger(dataSource, options, clock, sealer);
        });
        builder.Services.AddSingleton<ILedger>(services => services.GetRequiredService<PostgresLedger>());
        builder.Services.AddSingleton(services => services.GetRequiredService<PostgresLedger>().Sealer);
        builder.Services.AddSingleton<LedgerEntries>();
        builder.Services.AddSingleton(services => new LedgerVerifications(services.GetRequiredService<NpgsqlDataSource>(),
            services.GetRequiredService<ILedger>(), services.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }

    /// <summary>
    /// Runs <typeparamref name="T"/> as the Marten subscription <paramref name="name"/> over the events of
    /// <paramref name="eventTypes"/> (classes, or interfaces every class of which counts) and no others. Its progress
    /// row is <c>{name}:All</c>: never rename one, or it starts again from the first event.
    /// </summary>
    public static IServiceCollection AddAsyncProjection<T>(this IServiceCollection services, string name, params Type[] eventTypes)
        where T : class, IAsyncProjection
    {
        ArgumentOutOfRangeException.ThrowIfZero(eventTypes.Length, nameof(eventTypes));
        services.AddSingleton<T>();
        services.AddSingleton(new AsyncProjectionRegistration(name, typeof(T), [.. eventTypes.SelectMany(EventClasses.Of).Distinct()]));
        return services;
    }

    /// <summary>
    /// Adds <typeparamref name="T"/> to the event store as a Marten event projection: inline ones write in the append's
    /// own transaction (a failure rolls the append back), async ones on the daemon's leading node.
    /// </summary>
    public static IServiceCollection AddEventProjection<T>(this IServiceCollection services, ProjectionLifecycle lifecycle)
        where T : EventProjection, new() =>
        services.AddSingleton<IConfigureMarten>(new ProjectionConfiguration(options => options.Projections.Add(new T(), lifecycle)));

    /// <summary>
    /// How the async daemon polls. (Marten's <c>SkipUnknownEvents</c> does not keep a subscription from failing on a type
    /// it cannot load: <see cref="AddAsyncProjection{T}"/>'s type list does.)
    /// </summary>
    public static void ConfigureDaemon(StoreOptions options, DaemonOptions daemon)
    {
        options.Projections.FastPollingTime = daemon.FastPolling;
        options.Projections.SlowPollingTime = daemon.SlowPolling;
        options.Projections.LeadershipPollingTime = (int)daemon.LeadershipPolling.TotalMilliseconds;
    }

    /// <summary>
    /// Event data as it has always been stored: System.Text.Json's web defaults (camelCase), enums as numbers, each event
    /// under its stable alias (<c>grant.issued</c>) registered by its module.
    /// </summary>
    public static void ConfigureSerialization(StoreOptions options) =>
        options.UseSystemTextJsonForSerialization(new JsonSerializerOptions(JsonSerializerDefaults.Web), EnumStorage.AsInteger, Casing.CamelCase);
}

internal sealed record AsyncProjectionRegistration(string Name, Type Type, IReadOnlyCollection<Type> EventTypes);

internal sealed class ProjectionConfiguration(Action<StoreOptions> configure) : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions options) => configure(options);
}
