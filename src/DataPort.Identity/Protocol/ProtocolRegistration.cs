using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DataPort.Identity.Protocol;

/// <summary>
/// OpenIddict in IdentityServer's role: the server (client credentials, discovery, JWKS, introspection, revocation;
/// RFC 9068 JWT access tokens with a token entry each) and the API's validation of those tokens in the same process.
/// DataPort's apps stay in <c>identity.clients</c>: <see cref="ClientAuthentication"/> decides who the client is and
/// <see cref="AppTokenEntry"/> records token entries without OpenIddict applications; signing keys stay DataPort's rotating
/// <see cref="Keys.SigningKeyRing"/> (<see cref="KeyRingSigning"/>).
/// </summary>
internal static class ProtocolRegistration
{
    public static void Add(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var plainHttpAllowed = IdentityServiceOptionsValidator.IsDevelopmentOrTesting(builder.Environment);
        services.AddDbContextPool<ProtocolDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>())
            .UseOpenIddict());
        services.AddSingleton<LiveTokens>();
        // OpenIddict logs each request's parameters; a secret pasted into client_id would be written out with them.
        builder.Logging.AddFilter("OpenIddict", LogLevel.Warning);
        services.AddHostedService<TokenEntryPruning>();

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<ProtocolDbContext>())
            .AddServer(server =>
            {
                server.SetConfigurationEndpointUris(ProtocolPaths.Discovery)
                    .SetJsonWebKeySetEndpointUris(ProtocolPaths.Jwks)
                    .SetTokenEndpointUris(ProtocolPaths.Token)
                    .SetIntrospectionEndpointUris(ProtocolPaths.Introspection)
                    .SetRevocationEndpointUris(ProtocolPaths.Revocation);
                server.AllowClientCredentialsFlow();
                server.RegisterScopes([.. DataPortScopes.All]);
                // RFC 9068: a signed JWT the API and any resource server can read, not an encrypted one.
                server.DisableAccessTokenEncryption();
                // OpenIddict 7.9 insists on keys at start-up. This signing key never signs and is never published:
                // KeyRingSigning overrides or replaces the handlers that would use it, and validation accepts only the ring's keys.
                // The encryption key protects nothing: access tokens are not encrypted, and no other token is issued.
                server.AddEphemeralSigningKey(SecurityAlgorithms.EcdsaSha256).AddEphemeralEncryptionKey();
                var aspNetCore = server.UseAspNetCore();
                if (plainHttpAllowed)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }

                // Handlers that would look the client up among OpenIddict's applications give way to DataPort's.
                server.RemoveEventHandler(OpenIddictServerHandlers.ValidateClientId.Descriptor)
                    .RemoveEventHandler(OpenIddictServerHandlers.ValidateClientType.Descriptor)
                    .RemoveEventHandler(OpenIddictServerHandlers.ValidateClientSecret.Descriptor)
                    .RemoveEventHandler(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor)
                    .RemoveEventHandler(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor)
                    .RemoveEventHandler(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor)
                    .RemoveEventHandler(OpenIddictServerHandlers.Discovery.AttachSigningKeys.Descriptor)
                    .AddEventHandler(MissingClientCredentials.Descriptor)
                    .AddEventHandler(ClientAuthentication.Descriptor)
                    .AddEventHandler(AppTokenEntry.Descriptor)
                    .AddEventHandler(AppTokenIssuance.Descriptor)
                    .AddEventHandler(KeyRingSigning.Sign.Descriptor)
                    .AddEventHandler(KeyRingSigning.Publish.Descriptor)
                    .AddEventHandler(KeyRingSigning.Check.Descriptor)
                    .AddEventHandler(OwnOrganisationIntrospection.Authorise.Descriptor)
                    .AddEventHandler(OwnOrganisationIntrospection.NameOrganisation.Descriptor)
                    .AddEventHandler(ThrottledClientResponse.For<ApplyTokenResponseContext>())
                    .AddEventHandler(ThrottledClientResponse.For<ApplyIntrospectionResponseContext>())
                    .AddEventHandler(ThrottledClientResponse.For<ApplyRevocationResponseContext>());
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                // Each request's token entry is checked, by RefuseDeadTokens together with its app's status in one
                // round trip (OpenIddict's own entry validation would be a second): revoked on any node is refused on
                // every node at once.
                validation.UseAspNetCore();
                validation.AddEventHandler(KeyRingValidation.Descriptor)
                    .AddEventHandler(RefuseDeadTokens.Descriptor);
            });

        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<IdentityServiceOptions>, TimeProvider>((server, identity, clock) =>
        {
            server.Issuer = new Uri(IdentityServiceDefaults.Issuer(identity.Value));
            server.AccessTokenLifetime = identity.Value.AccessTokenLifetime;
            server.TimeProvider = clock;
            // Apps' grant types and scopes are DataPort's (AppTokenIssuance checks them); no authorizations are made.
            server.IgnoreEndpointPermissions = server.IgnoreGrantTypePermissions = server.IgnoreScopePermissions = true;
            server.IgnoreAudiencePermissions = server.IgnoreResourcePermissions = server.IgnoreResponseTypePermissions = true;
            server.DisableAuthorizationStorage = true;
            // No OpenID Connect sign-in for people here: only DataPort's scopes are offered.
            server.Scopes.Remove(Scopes.OpenId);
            // Shared secrets only, as before: Basic or in the body.
            server.ClientAuthenticationMethods.Clear();
            server.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.ClientSecretBasic);
            server.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.ClientSecretPost);
        });
        services.AddOptions<OpenIddictValidationOptions>().Configure<IOptions<IdentityServiceOptions>, TimeProvider>((validation, identity, clock) =>
        {
            validation.Audiences.Add(identity.Value.Audience);
            validation.TimeProvider = clock;
            validation.TokenValidationParameters.ClockSkew = identity.Value.ClockSkew;
        });
    }
}
