using DataPort.Identity.Clients;
using Microsoft.AspNetCore;
using Microsoft.Extensions.Logging;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DataPort.Identity.Protocol;

/// <summary>
/// Authenticates the confidential client of a token, introspection or revocation request against DataPort's apps
/// (<c>identity.clients</c>): OpenIddict reads the credentials (Basic or body, never both) and this handler, in place of
/// OpenIddict's checks against its own applications, decides. Every live secret is compared, so a rotation can run with two at once; repeated failures
/// are slowed down and locked out (<see cref="ClientSignInThrottle"/>); a suspended organisation's apps are refused.
/// Any failure a guesser could cause is the same <c>invalid_client</c>; the log says why, never with the secret.
/// </summary>
public sealed partial class ClientAuthentication(
    ClientStore clients, AppSuspensions suspensions, ClientSignInThrottle throttle, TimeProvider clock, ILogger<ClientAuthentication> logger)
    : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public const string SlowDown = "slow_down";

    private const string ClientProperty = "dataport:client";
    private const string RetryAfterProperty = "dataport:retry-after";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
        .UseScopedHandler<ClientAuthentication>()
        // Where OpenIddict's own secret check would run (it is removed).
        .SetOrder(OpenIddictServerHandlers.ValidateClientSecret.Descriptor.Order)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    /// <summary>The app this request authenticated as.</summary>
    public static OAuthClient ClientOf(OpenIddictServerTransaction transaction) =>
        transaction.Properties.TryGetValue(ClientProperty, out var client) && client is OAuthClient app
            ? app
            : throw new InvalidOperationException("The request reached a protocol handler without an authenticated client.");

    /// <summary>How long a throttled client must wait, when this request was throttled.</summary>
    public static TimeSpan? RetryAfterOf(OpenIddictServerTransaction transaction) =>
        transaction.Properties.TryGetValue(RetryAfterProperty, out var wait) ? wait as TimeSpan? : null;

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.EndpointType is not (OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.Introspection
            or OpenIddictServerEndpointType.Revocation))
        {
            return;
        }
        var cancellationToken = context.CancellationToken;
        if (string.IsNullOrEmpty(context.ClientId) || string.IsNullOrEmpty(context.ClientSecret))
        {
            context.Reject(Errors.InvalidClient, "Client authentication failed.");
            return;
        }
        var (clientId, secret) = (context.ClientId, context.ClientSecret);
        var address = context.Transaction.GetHttpRequest()?.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var loggedId = ClientSecrets.LooksLikeClientId(clientId) ? clientId : "(malformed)";
        // Before the secret is looked at: a blocked guesser learns nothing, not even whether this guess was right.
        if (await throttle.WaitAsync(clientId, address, cancellationToken) is { } wait)
        {
            LogRejected(logger, loggedId, "throttled after repeated failures");
            context.Transaction.Properties[RetryAfterProperty] = wait;
            context.Reject(SlowDown,
                $"Too many failed attempts for this client from this address: try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.");
            return;
        }
        var found = await clients.FindForAuthenticationAsync(clientId, cancellationToken);
        var failure = found switch
        {
            null => "unknown client",
            { Client.Enabled: false } => "client disabled",
            { Secrets: var secrets } when !AnyLiveSecretMatches(secret, secrets) => "no live secret matches",
            _ => null,
        };
        if (failure is not null)
        {
            // A value that is not shaped like a client id may be a secret pasted into the wrong field: never log it.
            LogRejected(logger, loggedId, failure);
            await throttle.FailedAsync(clientId, found?.Client.OrganisationId, address, cancellationToken);
            context.Reject(Errors.InvalidClient, "Client authentication failed.");
            return;
        }
        var client = found!.Value.Client;
        await throttle.SucceededAsync(clientId, address, cancellationToken);
        // Only after the secret matched: the reason is for the app's own organisation, never for a guesser.
        if (await suspensions.ReasonAsync(client.OrganisationId, cancellationToken) is { } reason)
        {
            LogRejected(logger, clientId, "the organisation's apps are suspended");
            context.Reject(Errors.UnauthorizedClient,
                $"Your organisation's apps are suspended by the regulator ({reason}). Ask the regulator to resume them.");
            return;
        }
        context.Transaction.Properties[ClientProperty] = client;
    }

    /// <summary>Compares with every live secret, each in constant time, so the time taken says nothing about which matched.</summary>
    private bool AnyLiveSecretMatches(string secret, IReadOnlyList<(ClientSecretInfo Info, byte[] Hash)> secrets)
    {
        var now = clock.GetUtcNow();
        var matched = false;
        foreach (var (info, hash) in secrets)
        {
            matched |= info.IsLive(now) & ClientSecrets.Matches(secret, hash);
        }
        return matched;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client authentication failed for client {ClientId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string clientId, string reason);
}
