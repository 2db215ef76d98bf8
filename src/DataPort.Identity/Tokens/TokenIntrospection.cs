using DataPort.Identity.Clients;

namespace DataPort.Identity.Tokens;

/// <summary>
/// RFC 7662 token introspection. A caller learns about tokens of its own organisation only; for any other token,
/// as for an invalid, expired or revoked one, the answer is just <c>{"active": false}</c> (§2.2).
/// </summary>
public sealed class TokenIntrospection(AccessTokenReader reader)
{
    private static readonly string[] Copied =
        ["iss", "sub", "aud", "exp", "iat", "nbf", "jti", DataPortClaims.ClientId, DataPortClaims.Scope, DataPortClaims.Organisation];

    public async Task<IReadOnlyDictionary<string, object>> IntrospectAsync(OAuthClient caller, string token, CancellationToken cancellationToken)
    {
        var jwt = await reader.ReadAsync(token, requireActive: true, cancellationToken);
        if (jwt is null || !jwt.TryGetPayloadValue<string>(DataPortClaims.Organisation, out var organisation)
            || organisation != caller.OrganisationId)
        {
            return Inactive;
        }
        var response = new Dictionary<string, object> { ["active"] = true, ["token_type"] = "access_token" };
        foreach (var name in Copied)
        {
            if (jwt.TryGetPayloadValue<object>(name, out var value) && value is not null)
            {
                response[name] = value;
            }
        }
        return response;
    }

    public static IReadOnlyDictionary<string, object> Inactive { get; } = new Dictionary<string, object> { ["active"] = false };
}
