using System.Security.Claims;
using DataPort.Identity.Clients;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DataPort.Identity.Protocol;

/// <summary>
/// The client credentials grant (RFC 6749 §4.4) for the app <see cref="ClientAuthentication"/> authenticated: OpenIddict
/// signs the RFC 9068 access token; this decides what it says. Apps act for their organisation (<c>org</c>) in the
/// roles their scopes stand for (<c>role</c>), for DataPort's API (<c>aud</c>), with the scopes asked for or, when none
/// are, all the app may have.
/// </summary>
public sealed partial class AppTokenIssuance(IOptions<IdentityServiceOptions> options, ILogger<AppTokenIssuance> logger)
    : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
        .UseScopedHandler<AppTokenIssuance>()
        .SetOrder(int.MinValue + 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType())
        {
            return ValueTask.CompletedTask;
        }
        var client = ClientAuthentication.ClientOf(context.Transaction);
        if (!client.AllowedGrantTypes.Contains(Clients.GrantTypes.ClientCredentials, StringComparer.Ordinal))
        {
            context.Reject(Errors.UnauthorizedClient, "This client is not allowed to use the client_credentials grant.");
            return ValueTask.CompletedTask;
        }
        var scopes = NarrowScopes(context.Request.GetScopes(), client);
        if (scopes.Refusal is { } refusal)
        {
            context.Reject(Errors.InvalidScope, refusal);
            return ValueTask.CompletedTask;
        }
        context.SignIn(PrincipalFor(client, scopes.Granted));
        var granted = string.Join(' ', scopes.Granted);
        // §5.1 makes scope optional when it is what was asked; DataPort always says what the token may do.
        context.Parameters[Parameters.Scope] = granted;
        LogIssued(logger, client.ClientId, client.OrganisationId, granted);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// §3.3: the requested scopes if every one is allowed (any other is <c>invalid_scope</c>, as IdentityServer
    /// answers); all allowed scopes when none is requested. OpenIddict has already refused scopes it does not know.
    /// </summary>
    public static (IReadOnlyList<string> Granted, string? Refusal) NarrowScopes(IEnumerable<string> requested, OAuthClient client)
    {
        var asked = requested.Distinct(StringComparer.Ordinal).ToList();
        if (asked.Count == 0)
        {
            return client.AllowedScopes.Count == 0 ? ([], "This client is allowed no scopes.") : (client.AllowedScopes, null);
        }
        var refused = asked.FirstOrDefault(scope => !client.AllowedScopes.Contains(scope, StringComparer.Ordinal));
        return refused is null ? (asked, null) : ([], $"The scope '{refused}' is not allowed for this client.");
    }

    private ClaimsPrincipal PrincipalFor(OAuthClient client, IReadOnlyList<string> scopes)
    {
        var identity = new ClaimsIdentity("DataPort.App", Claims.Name, Claims.Role);
        // RFC 9068 §2.2: without a resource owner, sub is the client itself.
        identity.SetClaim(Claims.Subject, client.ClientId)
            .SetClaim(DataPortClaims.Organisation, client.OrganisationId)
            .SetClaims(Claims.Role, [.. DataPortScopes.RolesFor(scopes)]);
        var principal = new ClaimsPrincipal(identity)
            .SetScopes(scopes)
            .SetResources(options.Value.Audience)
            .SetAccessTokenLifetime(options.Value.AccessTokenLifetime);
        principal.SetDestinations(_ => [Destinations.AccessToken]);
        return principal;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issuing an access token to client {ClientId} of {OrganisationId} for scopes {Scopes}")]
    private static partial void LogIssued(ILogger logger, string clientId, string organisationId, string scopes);
}
