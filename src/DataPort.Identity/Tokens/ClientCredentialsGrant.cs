using System.Text.Json.Serialization;
using DataPort.Identity.Clients;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Tokens;

/// <summary>RFC 6749 §5.1 successful response.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>The client credentials grant (RFC 6749 §4.4) for an already authenticated client.</summary>
public sealed partial class ClientCredentialsGrant(
    AccessTokenIssuer issuer, IOptions<IdentityServiceOptions> options, ILogger<ClientCredentialsGrant> logger)
{
    public async Task<OAuthResult<TokenResponse>> HandleAsync(OAuthClient client, IFormCollection form, CancellationToken cancellationToken)
    {
        var grantType = form.Value("grant_type");
        if (grantType is null)
        {
            return OAuthError.InvalidRequest("The parameter grant_type is required.");
        }
        if (grantType != GrantTypes.ClientCredentials)
        {
            return OAuthError.UnsupportedGrantType($"Supported grant types: {string.Join(", ", GrantTypes.Supported)}.");
        }
        if (!client.AllowedGrantTypes.Contains(GrantTypes.ClientCredentials, StringComparer.Ordinal))
        {
            return OAuthError.UnauthorizedClient("This client is not allowed to use the client_credentials grant.");
        }
        var scopes = NarrowScopes(form.Value("scope"), client);
        if (scopes.Error is { } error)
        {
            return error;
        }
        var token = await issuer.IssueAsync(client, scopes.Value!, cancellationToken);
        var scope = string.Join(' ', token.Scopes);
        LogIssued(logger, client.ClientId, client.OrganisationId, scope, token.Jti);
        return OAuthResult.Ok(new TokenResponse(token.Token, "Bearer", (int)options.Value.AccessTokenLifetime.TotalSeconds, scope));
    }

    /// <summary>
    /// §3.3: the requested scopes if every one is allowed (any other is <c>invalid_scope</c>, as IdentityServer
    /// answers); all allowed scopes when none is requested.
    /// </summary>
    public static OAuthResult<IReadOnlyList<string>> NarrowScopes(string? requested, OAuthClient client)
    {
        if (requested is null)
        {
            return client.AllowedScopes.Count == 0
                ? OAuthError.InvalidScope("This client is allowed no scopes.")
                : OAuthResult.Ok<IReadOnlyList<string>>(client.AllowedScopes);
        }
        var scopes = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0 || scopes.Any(scope => !scope.All(IsScopeChar)))
        {
            return OAuthError.InvalidScope("The scope parameter is malformed.");
        }
        var refused = scopes.FirstOrDefault(scope => !client.AllowedScopes.Contains(scope, StringComparer.Ordinal));
        return refused is null
            ? OAuthResult.Ok<IReadOnlyList<string>>(scopes)
            : OAuthError.InvalidScope($"The scope '{refused}' is not allowed for this client.");
    }

    // §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static bool IsScopeChar(char c) => c == '\x21' || (c >= '\x23' && c <= '\x5B') || (c >= '\x5D' && c <= '\x7E');

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued access token {Jti} to client {ClientId} of {OrganisationId} for scopes {Scopes}")]
    private static partial void LogIssued(ILogger logger, string clientId, string organisationId, string scopes, string jti);
}
