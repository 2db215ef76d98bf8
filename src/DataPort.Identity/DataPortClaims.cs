using System.Security.Claims;

namespace DataPort.Identity;

/// <summary>The claim types of the caller-identity contract, and readers for them.</summary>
public static class DataPortClaims
{
    public const string Subject = "sub";
    public const string Organisation = "org";
    public const string Role = "role";
    public const string Scope = "scope";
    public const string ClientId = "client_id";
    public const string Name = "name";
    public const string Email = "email";
    public const string TokenId = "jti";

    public static string? SubjectId(this ClaimsPrincipal user) => user.FindFirst(Subject)?.Value;

    public static string? OrganisationId(this ClaimsPrincipal user) => user.FindFirst(Organisation)?.Value;

    public static string? ClientIdOf(this ClaimsPrincipal user) => user.FindFirst(ClientId)?.Value;

    /// <summary>An app (a client_credentials token) rather than a signed-in person.</summary>
    public static bool IsApp(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == ClientId);

    public static IReadOnlySet<string> Roles(this ClaimsPrincipal user) =>
        user.FindAll(Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// RFC 9068 §2.2.3: <c>scope</c> is one space-separated string; OpenIddict's validation turns it into one private
    /// <c>oi_scp</c> claim per scope. Either is read.
    /// </summary>
    public static IReadOnlySet<string> Scopes(this ClaimsPrincipal user) =>
        user.FindAll(c => c.Type is Scope or OpenIddict.Abstractions.OpenIddictConstants.Claims.Private.Scope)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
}
