using DataPort.EventStore.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace DataPort.EventStore;

public static class EventStoreRegistration
{
    /// <summary>
    /// Registers the <see cref="EventTypeRegistry"/> (configured by <paramref name="configure"/> and by every
    /// <see cref="IConfigureEventTypes"/> in DI), <see cref="IEventStore"/> (with every
    /// <see cref="IInlineProjection"/> in DI) and the <see cref="ProjectionDaemon"/> for every
    /// <see cref="IAsyncProjection"/> in DI. Needs the <see cref="NpgsqlDataSource"/> from <c>AddDataPortDatabase</c>.
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
        return builder;
    }
}
