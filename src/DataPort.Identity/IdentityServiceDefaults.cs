namespace DataPort.Identity;

public static class IdentityServiceDefaults
{
    /// <summary>Used only in Development/Testing when <c>Identity:Issuer</c> is not set (the validator requires it elsewhere).</summary>
    public const string DevelopmentIssuer = "http://localhost";

    /// <summary>RFC 9068 §2.1: the media type of a JWT access token, in its <c>typ</c> header.</summary>
    public const string AccessTokenType = "at+jwt";

    /// <summary>The issuer without a trailing slash, as IdentityServer writes it, so <c>iss</c> compares exactly.</summary>
    public static string Issuer(IdentityServiceOptions options) =>
        (string.IsNullOrWhiteSpace(options.Issuer) ? DevelopmentIssuer : options.Issuer).TrimEnd('/');
}
