using Microsoft.IdentityModel.Tokens;

namespace DataPort.Identity.Tokens;

/// <summary>One definition of a valid access token, shared by JwtBearer, introspection and revocation.</summary>
public static class AccessTokenValidation
{
    public static TokenValidationParameters Parameters(IdentityServiceOptions options, TimeProvider clock) => new()
    {
        ValidIssuer = IdentityServiceDefaults.Issuer(options),
        ValidAudience = options.Audience,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        // RFC 9068 §4: reject anything that is not explicitly an access token (e.g. a future id_token).
        ValidTypes = [IdentityServiceDefaults.AccessTokenType],
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        NameClaimType = DataPortClaims.Subject,
        RoleClaimType = DataPortClaims.Role,
        ClockSkew = options.ClockSkew,
        // The library reads DateTime.UtcNow; going through TimeProvider keeps expiry testable and consistent with issuance.
        LifetimeValidator = (notBefore, expires, _, parameters) => IsWithinLifetime(notBefore, expires, parameters.ClockSkew, clock),
    };

    public static bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } exp && exp > now - skew && (notBefore is not { } nbf || nbf <= now + skew);
    }
}
