namespace DataPort.Identity.Protocol;

/// <summary>The OAuth endpoints, at IdentityServer's paths so existing clients need no change.</summary>
public static class ProtocolPaths
{
    public const string Discovery = ".well-known/openid-configuration";
    public const string Jwks = ".well-known/openid-configuration/jwks";
    public const string Token = "connect/token";
    public const string Introspection = "connect/introspect";
    public const string Revocation = "connect/revocation";
}
