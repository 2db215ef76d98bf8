using DataPort.Identity.Keys;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DataPort.Identity.Tokens;

/// <summary>Validates our own access tokens outside JwtBearer: for introspection and revocation.</summary>
public sealed class AccessTokenReader(SigningKeyRing keys, RevocationList revocations, IOptions<IdentityServiceOptions> options, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>
    /// The token if it was issued by us and is untampered; with <paramref name="requireActive"/> also unexpired and
    /// not revoked. Null otherwise.
    /// </summary>
    public async Task<JsonWebToken?> ReadAsync(string token, bool requireActive, CancellationToken cancellationToken)
    {
        var parameters = AccessTokenValidation.Parameters(options.Value, clock);
        if (!requireActive)
        {
            parameters.ValidateLifetime = false;
            parameters.LifetimeValidator = null;
        }
        parameters.IssuerSigningKeys = (await keys.GetPublishedKeysAsync(cancellationToken)).Select(k => k.PublicJwk).ToList();
        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || string.IsNullOrEmpty(jwt.Id))
        {
            return null;
        }
        // Introspection answers "active" exactly when the API would accept the token.
        if (requireActive && await revocations.RefusalAsync(jwt.Id, jwt.TryGetPayloadValue<string>(DataPortClaims.ClientId, out var clientId) ? clientId : null,
                cancellationToken) != TokenRefusal.None)
        {
            return null;
        }
        return jwt;
    }
}
