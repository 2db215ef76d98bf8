using DataPort.EventStore;
using DataPort.Trading.Disclosure;
using DataPort.Trading.Fulfilment;
using DataPort.Trading.Orders;
using DataPort.Trading.Payments;
using DataPort.Trading.Settlement;
using DataPort.Trading.Usage;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DataPort.Trading;

public static class TradingRegistration
{
    /// <summary>
    /// Orders (grain, read model, event names), the simulated payment provider, automatic delivery, settlement,
    /// statements, the hourly usage roll-up and the fee cap. Needs the database, the event store and the grains.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortTrading(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TradingOptions>().BindConfiguration(TradingOptions.Section)
            .Validate(o => o.DefaultPublicDataFeeCapFen >= 0, "Trading:DefaultPublicDataFeeCapFen must not be negative.")
            .ValidateOnStart();
        services.AddOptions<SimulatedPaymentOptions>().BindConfiguration($"{TradingOptions.Section}:SimulatedPayments")
            .Validate(o => !o.Validate().Any(), "Trading:SimulatedPayments has an invalid value: rates are between 0 and 1, the delay is not negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IConfigureMarten, TradingEventTypes>();
        services.AddEventProjection<OrdersProjection>(ProjectionLifecycle.Inline);
        services.AddAsyncProjection<OrderFulfilment>("order-fulfilment", OrderFulfilment.EventTypes);
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<PaymentCallbacks>();
        services.AddSingleton<SimulatedPaymentProvider>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SimulatedPaymentProvider>());
        services.AddHostedService(sp => sp.GetRequiredService<SimulatedPaymentProvider>());
        services.AddSingleton<FeeCaps>();
        services.AddSingleton<SettlementRun>();
        services.AddSingleton<HourlyUsage>();
        services.AddSingleton<Statements>();
        services.AddSingleton<Disclosures>();
        return builder;
    }
}
