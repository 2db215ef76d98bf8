using DataPort.Identity.Clients;
using DataPort.Identity.Hosting;
using DataPort.Identity.Keys;
using DataPort.Identity.Protocol;
using DataPort.Identity.Users;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

// The one public entry point lives in the hosting namespace every host already imports.
// ReSharper disable once CheckNamespace
namespace Microsoft.Extensions.Hosting;

public static class IdentityRegistration
{
    /// <summary>
    /// The token service and the API's authentication: validated <c>Identity</c> options, stores, key ring, OpenIddict's
    /// server and validation (bearer tokens, via the <c>DataPort</c> selector), sign-in cookie, scope policies
    /// (<see cref="DataPort.Identity.DataPortPolicies"/>), per-client rate limiting, antiforgery, and the Data
    /// Protection key ring in the database. Needs <c>AddDataPortDatabase()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DataPort.Identity.IdentityServiceOptions>()
            .BindConfiguration(DataPort.Identity.IdentityServiceOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataPort.Identity.IdentityServiceOptions>, DataPort.Identity.IdentityServiceOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => DataPort.Identity.KeyEncryption.FromOptions(
            sp.GetRequiredService<IOptions<DataPort.Identity.IdentityServiceOptions>>().Value));

        services.AddDataPortPeople().AddSignInManager<PersonSignInManager>();
        services.AddSingleton<TwoFactorPolicy>();
        services.AddSingleton<ClientStore>();
        services.AddSingleton<AppSuspensions>();
        services.AddSingleton<ClientSignInThrottle>();
        services.AddSingleton<ClientManagement>();
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<SigningKeyRing>();
        services.AddHostedService<BootstrapOperator>();

        ProtocolRegistration.Add(builder);
        IdentityAuthentication.Add(builder);
        ClientRateLimiting.Add(services);
        services.AddAntiforgery();

        services.AddDataProtection().SetApplicationName("DataPort");
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource, TimeProvider, DataPort.Identity.KeyEncryption>((options, dataSource, clock, encryption) =>
            {
                options.XmlRepository = new DatabaseXmlRepository(dataSource, clock);
                options.XmlEncryptor = new KeyEncryptionXmlEncryptor(encryption);
            });
        return builder;
    }
}
