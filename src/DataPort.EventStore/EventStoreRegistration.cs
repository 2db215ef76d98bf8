using DataPort.EventStore.Ledger;
using DataPort.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.EventStore;

public static class EventStoreRegistration
{
    /// <summary>
    /// Registers the <see cref="EventTypeRegistry"/> (configured by <paramref name="configure"/> and by every
    /// <see cref="IConfigureEventTypes"/> in DI), <see cref="IEventStore"/> (with every
    /// <see cref="IInlineProjection"/> in DI) and the <see cref="ProjectionDaemon"/> for every
    /// <see cref="IAsyncProjection"/> in DI, and the audit ledger (<see cref="ILedger"/>, <see cref="LedgerSealer"/>,
    /// options from the <c>Ledger</c> section). Sealing is not scheduled here: the jobs module runs
    /// <see cref="LedgerSealer.SealPendingAsync"/>. Needs the <see cref="NpgsqlDataSource"/> from <c>AddDataPortDatabase</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortEventStore(this IHostApplicationBuilder builder, Action<EventTypeRegistry>? configure = null)
    {
        builder.Services.AddOptions<ProjectionOptions>().BindConfiguration(ProjectionOptions.Section);
        builder.Services.AddSingleton(services =>
        {
            var registry = new EventTypeRegistry();
            configure?.Invoke(registry);
            foreach (var contributor in services.GetServices<IConfigureEventTypes>())
            {
                contributor.Configure(registry);
            }
            return registry;
        });
        builder.Services.AddSingleton(services => new PostgresEventStore(
            services.GetRequiredService<NpgsqlDataSource>(),
            services.GetRequiredService<EventTypeRegistry>(),
            services.GetServices<IInlineProjection>()));
        builder.Services.AddSingleton<IEventStore>(services => services.GetRequiredService<PostgresEventStore>());
        builder.Services.AddHostedService<ProjectionDaemon>();

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
}
