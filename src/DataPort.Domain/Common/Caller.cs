using System.Security.Claims;

namespace DataPort.Domain.Common;

/// <summary>
/// Who makes a call, built once from the caller's claims and passed to every module: the subject (<c>sub</c>), the
/// organisation it acts for (<c>org</c>), its roles (<c>role</c>), and for an app its client id and OAuth scopes.
/// An app's token carries the roles its scopes stand for, so apps act for their organisation as its people do.
/// </summary>
public sealed record Caller(string Id, string OrganisationId, IReadOnlyList<string> Roles)
{
    public const string SubjectClaim = "sub";
    public const string OrganisationClaim = "org";
    public const string RoleClaim = "role";
    public const string ClientIdClaim = "client_id";
    public const string ScopeClaim = "scope";

    /// <summary>The app's OAuth client id; null for a signed-in person.</summary>
    public string? ClientId { get; init; }

    /// <summary>The app's granted scopes (RFC 9068 §2.2.3); empty for a person, whose roles decide instead.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    public bool IsApp => ClientId is not null;

    public bool Is(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>A person always; an app only when its token holds <paramref name="scope"/>.</summary>
    public bool HasScope(string scope) => !IsApp || Scopes.Contains(scope, StringComparer.Ordinal);

    /// <summary>The system itself (expiry sweeps, pipelines): no organisation, no role.</summary>
    public static Caller System { get; } = new("system", "", []);

    /// <summary>The caller of an authenticated request, or null when it is anonymous or carries no <c>sub</c>.</summary>
    public static Caller? FromClaims(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(SubjectClaim)?.Value is not { Length: > 0 } id)
        {
            return null;
        }
        return new Caller(
            id,
            user.FindFirst(OrganisationClaim)?.Value ?? "",
            [.. user.FindAll(RoleClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)])
        {
            ClientId = user.FindFirst(ClientIdClaim)?.Value,
            Scopes = [.. user.FindAll(ScopeClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal)],
        };
    }
}

/// <summary>The roles of the caller identity contract, exactly as they appear in <c>role</c> claims.</summary>
public static class Roles
{
    public const string Merchant = "merchant";
    public const string Developer = "developer";
    public const string Operator = "operator";
    public const string Regulator = "regulator";
}
