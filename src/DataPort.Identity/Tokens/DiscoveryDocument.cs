using System.Text.Json.Serialization;
using DataPort.Identity.Clients;

namespace DataPort.Identity.Tokens;

/// <summary>
/// The OpenID Connect discovery document (RFC 8414 metadata) with the fields IdentityServer publishes for what this
/// server supports: no authorization endpoint (no user-facing OAuth flows), client_credentials only.
/// </summary>
public sealed record DiscoveryDocument(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("introspection_endpoint")] string IntrospectionEndpoint,
    [property: JsonPropertyName("revocation_endpoint")] string RevocationEndpoint,
    [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
    [property: JsonPropertyName("claims_supported")] IReadOnlyList<string> ClaimsSupported,
    [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypesSupported,
    [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypesSupported,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
    [property: JsonPropertyName("introspection_endpoint_auth_methods_supported")] IReadOnlyList<string> IntrospectionEndpointAuthMethodsSupported,
    [property: JsonPropertyName("revocation_endpoint_auth_methods_supported")] IReadOnlyList<string> RevocationEndpointAuthMethodsSupported,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> IdTokenSigningAlgValuesSupported,
    [property: JsonPropertyName("subject_types_supported")] IReadOnlyList<string> SubjectTypesSupported)
{
    public const string Path = "/.well-known/openid-configuration";
    public const string JwksPath = "/.well-known/openid-configuration/jwks";
    public const string TokenPath = "/connect/token";
    public const string IntrospectionPath = "/connect/introspect";
    public const string RevocationPath = "/connect/revocation";

    private static readonly string[] AuthMethods = ["client_secret_basic", "client_secret_post"];

    /// <summary>Endpoints are absolute URLs on <paramref name="baseUrl"/> (the request's origin, as IdentityServer does).</summary>
    public static DiscoveryDocument Create(string issuer, string baseUrl)
    {
        baseUrl = baseUrl.TrimEnd('/');
        return new DiscoveryDocument(
            issuer,
            baseUrl + JwksPath,
            baseUrl + TokenPath,
            baseUrl + IntrospectionPath,
            baseUrl + RevocationPath,
            DataPortScopes.All,
            ["iss", "sub", "aud", "exp", "iat", "nbf", "jti", DataPortClaims.ClientId, DataPortClaims.Scope, DataPortClaims.Organisation],
            GrantTypes.Supported,
            [],
            AuthMethods,
            AuthMethods,
            AuthMethods,
            [Keys.SigningKey.Algorithm],
            ["public"]);
    }
}

/// <summary>RFC 7517 §5 JWK Set, public keys only.</summary>
public sealed record JsonWebKeySetDocument([property: JsonPropertyName("keys")] IReadOnlyList<PublicJsonWebKey> Keys);

/// <summary>An EC public key as RFC 7518 §6.2.1 names its members.</summary>
public sealed record PublicJsonWebKey(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y)
{
    public static PublicJsonWebKey From(Keys.SigningKey key) => new(
        key.PublicJwk.Kty, key.PublicJwk.Use, key.Kid, key.PublicJwk.Alg, key.PublicJwk.Crv, key.PublicJwk.X, key.PublicJwk.Y);
}
