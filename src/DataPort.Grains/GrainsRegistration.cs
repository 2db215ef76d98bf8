using DataPort.Domain.Assets;
using DataPort.Domain.Certificates;
using DataPort.Grains.Assets;
using DataPort.Grains.Certificates;
using DataPort.Grains.Datasets;
using DataPort.Grains.Grants;
using DataPort.ReadModels;
using DataPort.Grains.Runtime;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataPort.Grains;

public static partial class GrainsRegistration
{
    /// <summary>
    /// The grain runtime (<see cref="IGrainFactory"/>), the asset, dataset and grant grains, their event types, their
    /// read models and the certificate signer. Needs <c>AddDataPortDatabase</c> and <c>AddDataPortEventStore</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortGrains(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GrainOptions>().BindConfiguration(GrainOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GrainOptions>, GrainOptionsValidator>();
        services.Configure<GrainCatalog>(catalog => catalog
            .Add<IAssetRegistrationGrain, AssetRegistrationGrain>()
            .Add<IDatasetGrain, DatasetGrain>()
            .Add<IAccessGrantGrain, AccessGrantGrain>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService<GrainCollector>();
        services.AddSingleton<IConfigureMarten, DomainEventTypes>();
        services.AddSingleton<ICertificateNumberAllocator, PostgresCertificateNumbers>();
        services.AddSingleton<ICertificateSigner>(CreateSigner);
        services.AddSingleton(sp => new AssetRegistrationDecider(sp.GetRequiredService<ICertificateSigner>()));
        // The grains write these streams, so wherever they run their views are kept too.
        builder.AddDataPortReadModels();
        return builder;
    }

    private static Sm2CertificateSigner CreateSigner(IServiceProvider services)
    {
        var key = services.GetRequiredService<IOptions<GrainOptions>>().Value.CertificateSigningKey;
        if (!string.IsNullOrWhiteSpace(key))
        {
            return Sm2CertificateSigner.FromPrivateKeyHex(key);
        }
        // Only reachable in Development/Testing (the options validator refuses it elsewhere).
        var signer = Sm2CertificateSigner.Generate();
        LogThrowAwayKey(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GrainsRegistration)), signer.KeyId);
        return signer;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No Grains:CertificateSigningKey configured: certificates are signed with throw-away key {KeyId}, which dies with this process")]
    private static partial void LogThrowAwayKey(ILogger logger, string keyId);
}
