using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace DataPort.Identity.Keys;

/// <summary>One ES256 (P-256) signing key: the private half for signing, the public half for the JWKS and validation.</summary>
public sealed record SigningKey(string Kid, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt, ECDsaSecurityKey PrivateKey)
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    /// <summary>The public JWK (RFC 7517) as published in the JWKS; never carries <c>d</c>.</summary>
    public JsonWebKey PublicJwk { get; } = ToPublicJwk(Kid, PrivateKey.ECDsa);

    public static SigningKey Generate(DateTimeOffset createdAt, DateTimeOffset activatesAt)
    {
        var kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SigningKey(kid, createdAt, activatesAt, new ECDsaSecurityKey(ecdsa) { KeyId = kid });
    }

    private static JsonWebKey ToPublicJwk(string kid, ECDsa ecdsa)
    {
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        return new JsonWebKey
        {
            Kty = JsonWebAlgorithmsKeyTypes.EllipticCurve,
            Crv = JsonWebKeyECTypes.P256,
            X = Base64UrlEncoder.Encode(parameters.Q.X),
            Y = Base64UrlEncoder.Encode(parameters.Q.Y),
            Kid = kid,
            Use = JsonWebKeyUseNames.Sig,
            Alg = Algorithm,
        };
    }
}
