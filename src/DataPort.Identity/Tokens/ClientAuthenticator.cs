using System.Net.Http.Headers;
using System.Text;
using DataPort.Identity.Clients;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataPort.Identity.Tokens;

/// <summary>
/// Authenticates a confidential client (RFC 6749 §2.3.1): HTTP Basic (client_secret_basic) or form fields
/// (client_secret_post), never both. Any failure is the same <c>invalid_client</c>; the log says why, without the secret.
/// </summary>
public sealed partial class ClientAuthenticator(
    ClientStore clients, AppSuspensions suspensions, ClientSignInThrottle throttle, TimeProvider clock, ILogger<ClientAuthenticator> logger)
{
    public async Task<OAuthResult<OAuthClient>> AuthenticateAsync(HttpRequest request, IFormCollection form, CancellationToken cancellationToken)
    {
        var credentials = ReadCredentials(request, form);
        if (credentials.Error is { } error)
        {
            return error;
        }
        var (clientId, secret) = credentials.Value;
        var address = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        // Before the secret is looked at: a blocked guesser learns nothing, not even whether this guess was right.
        if (await throttle.WaitAsync(clientId, address, cancellationToken) is { } wait)
        {
            LogRejected(logger, ClientSecrets.LooksLikeClientId(clientId) ? clientId : "(malformed)", "throttled after repeated failures");
            return OAuthError.SlowDown(wait);
        }
        var found = await clients.FindForAuthenticationAsync(clientId, cancellationToken);
        if (found is not { } client)
        {
            // A value that is not shaped like a client id may be a secret pasted into the wrong field: never log it.
            LogRejected(logger, ClientSecrets.LooksLikeClientId(clientId) ? clientId : "(malformed)", "unknown client");
            await throttle.FailedAsync(clientId, null, address, cancellationToken);
            return OAuthError.InvalidClient();
        }
        if (!client.Client.Enabled)
        {
            LogRejected(logger, clientId, "client disabled");
            await throttle.FailedAsync(clientId, client.Client.OrganisationId, address, cancellationToken);
            return OAuthError.InvalidClient();
        }
        var now = clock.GetUtcNow();
        // Every live secret is compared (constant time each), so rotation can run with two secrets at once.
        var matched = false;
        foreach (var (info, hash) in client.Secrets)
        {
            matched |= info.IsLive(now) & ClientSecrets.Matches(secret, hash);
        }
        if (!matched)
        {
            LogRejected(logger, clientId, "no live secret matches");
            await throttle.FailedAsync(clientId, client.Client.OrganisationId, address, cancellationToken);
            return OAuthError.InvalidClient();
        }
        await throttle.SucceededAsync(clientId, address, cancellationToken);
        // Only after the secret matched: the reason is for the app's own organisation, never for a guesser.
        if (await suspensions.ReasonAsync(client.Client.OrganisationId, cancellationToken) is { } reason)
        {
            LogRejected(logger, clientId, "the organisation's apps are suspended");
            return OAuthError.UnauthorizedClient($"Your organisation's apps are suspended by the regulator ({reason}). Ask the regulator to resume them.");
        }
        return OAuthResult.Ok(client.Client);
    }

    private static OAuthResult<(string ClientId, string Secret)> ReadCredentials(HttpRequest request, IFormCollection form)
    {
        var bodyId = form.Value("client_id");
        var bodySecret = form.Value("client_secret");
        var header = request.Headers.Authorization.ToString();
        if (AuthenticationHeaderValue.TryParse(header, out var authorization)
            && string.Equals(authorization.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (bodySecret is not null)
            {
                return OAuthError.InvalidRequest("Use one client authentication method: HTTP Basic or client_secret in the body, not both.");
            }
            if (!TryDecodeBasic(authorization.Parameter, out var basicId, out var basicSecret))
            {
                return OAuthError.InvalidClient();
            }
            if (bodyId is not null && bodyId != basicId)
            {
                return OAuthError.InvalidRequest("client_id in the body differs from the one in the Authorization header.");
            }
            return OAuthResult.Ok((basicId, basicSecret));
        }
        if (bodyId is null || bodySecret is null)
        {
            return OAuthError.InvalidClient();
        }
        return OAuthResult.Ok((bodyId, bodySecret));
    }

    /// <summary>§2.3.1: id and secret are form-urlencoded before they are joined with ':' and base64-encoded.</summary>
    private static bool TryDecodeBasic(string? parameter, out string clientId, out string secret)
    {
        clientId = secret = "";
        if (string.IsNullOrEmpty(parameter))
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(parameter));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        clientId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
        secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        return clientId.Length > 0 && secret.Length > 0;
    }

    /// <summary>The <c>WWW-Authenticate</c> challenge for <c>invalid_client</c> (RFC 6749 §5.2, RFC 7617).</summary>
    public const string Challenge = "Basic realm=\"dataport\", charset=\"UTF-8\"";

    [LoggerMessage(Level = LogLevel.Information, Message = "Client authentication failed for client {ClientId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string clientId, string reason);
}
