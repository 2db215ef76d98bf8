using System.Net;
using System.Net.Sockets;
using DataPort.Domain.Assets;
using DataPort.Domain.Certificates;
using DataPort.Grains.Certificates;
using DataPort.Grains.Cluster;
using DataPort.Grains.Serialization;
using DataPort.ReadModels;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace DataPort.Grains;

public static partial class GrainsRegistration
{
    /// <summary>
    /// This process's Orleans silo, joining the cluster of every process on the same database (membership in
    /// <c>cluster.silos</c>; settings from <c>Cluster</c>), with the asset, dataset and grant grains, their event types,
    /// their read models and the certificate signer. Grains in other modules' assemblies (orders) are found by Orleans
    /// itself. Needs <c>AddDataPortDatabase</c> and <c>AddDataPortEventStore</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortGrains(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GrainOptions>().BindConfiguration(GrainOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GrainOptions>, GrainOptionsValidator>();
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<GrainOptions>>((collection, grains) =>
            collection.CollectionAge = grains.Value.IdleTimeout);
        var cluster = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, "dataport"))
            .ConfigureEndpoints(Advertised(cluster), PortOrFree(cluster.SiloPort), PortOrFree(cluster.GatewayPort))
            .UseDataPortMembership());
        services.AddDataPortSerialization();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IConfigureMarten, DomainEventTypes>();
        services.AddSingleton<ICertificateNumberAllocator, PostgresCertificateNumbers>();
        services.AddSingleton<ICertificateSigner>(CreateSigner);
        services.AddSingleton(sp => new AssetRegistrationDecider(sp.GetRequiredService<ICertificateSigner>()));
        // The grains write these streams, so wherever they run their views are kept too.
        builder.AddDataPortReadModels();
        return builder;
    }

    private static IPAddress Advertised(ClusterSettings cluster) => IPAddress.TryParse(cluster.AdvertisedAddress, out var address)
        ? address
        : throw new OptionsValidationException(ClusterSettings.Section, typeof(ClusterSettings),
            [$"{ClusterSettings.Section}:{nameof(ClusterSettings.AdvertisedAddress)} must be an IP address other silos can reach; got '{cluster.AdvertisedAddress}'."]);

    // The membership table tells every silo where the others listen, so any free port will do.
    private static int PortOrFree(int port)
    {
        if (port != 0)
        {
            return port;
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
