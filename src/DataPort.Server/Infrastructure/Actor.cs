using System.Security.Claims;
using DataPort.Domain.Common;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// The caller as every endpoint sees it, built only from <see cref="HttpContext.User"/>'s claims:
/// <c>sub</c>, <c>org</c> and one <c>role</c> claim per role (the caller identity contract).
/// </summary>
public sealed record Actor(string Id, string OrganisationId, IReadOnlySet<string> Roles)
{
    public const string SubjectClaim = "sub";
    public const string OrganisationClaim = "org";
    public const string RoleClaim = "role";

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>The caller, or null when the request is anonymous or carries no <c>sub</c>.</summary>
    public static Actor? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(SubjectClaim)?.Value is not { Length: > 0 } id)
        {
            return null;
        }
        var roles = user.FindAll(RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(id, user.FindFirst(OrganisationClaim)?.Value ?? "", roles);
    }

    /// <summary>The domain's view of the caller, for its authorisation rules.</summary>
    public Caller ToCaller() => new(Id, OrganisationId, [.. Roles.Order(StringComparer.Ordinal)]);
}
