using System.Security.Cryptography;
using DataPort.Identity.Clients;
using DataPort.Identity.Keys;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataPort.Identity.Tokens;

public sealed record IssuedAccessToken(string Token, string Jti, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes);

/// <summary>Mints RFC 9068 JWT access tokens, signed ES256 with the ring's current key.</summary>
public sealed class AccessTokenIssuer(SigningKeyRing keys, IOptions<IdentityServiceOptions> options, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<IssuedAccessToken> IssueAsync(OAuthClient client, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var key = await keys.GetSigningKeyAsync(cancellationToken);
        var now = clock.GetUtcNow();
        // Whole seconds: NumericDate has no fractions, and iat must not be later than the clock that checks nbf.
        now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expires = now + settings.AccessTokenLifetime;
        var jti = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = IdentityServiceDefaults.AccessTokenType,
            Issuer = IdentityServiceDefaults.Issuer(settings),
            Audience = settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                // RFC 9068 §2.2: without a resource owner, sub is the client itself.
                [DataPortClaims.Subject] = client.ClientId,
                [DataPortClaims.ClientId] = client.ClientId,
                [DataPortClaims.Organisation] = client.OrganisationId,
                [DataPortClaims.Scope] = string.Join(' ', scopes),
                [DataPortClaims.TokenId] = jti,
                // Apps act for their organisation in the roles their scopes stand for (one role claim each).
                [DataPortClaims.Role] = DataPortScopes.RolesFor(scopes).ToArray(),
            },
            SigningCredentials = new SigningCredentials(key.PrivateKey, SigningKey.Algorithm),
        });
        return new IssuedAccessToken(token, jti, expires, scopes);
    }
}
