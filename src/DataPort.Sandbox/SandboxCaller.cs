using System.Security.Claims;

namespace DataPort.Sandbox;

/// <summary>
/// Who is using the sandbox: <see cref="Id"/> for the record, <see cref="Principals"/> (sub, org, client id)
/// to match against a grant's holders. Built from the caller identity contract's claims.
/// </summary>
public sealed record SandboxCaller(string Id, IReadOnlySet<string> Principals)
{
    public static SandboxCaller FromClaims(ClaimsPrincipal user)
    {
        var id = user.FindFirst("sub")?.Value ?? user.FindFirst("client_id")?.Value
            ?? throw new SandboxAccessDeniedException("unauthenticated", "The caller has no 'sub' claim.");
        var principals = new HashSet<string>(StringComparer.Ordinal) { id };
        foreach (var type in new[] { "org", "client_id" })
        {
            if (user.FindFirst(type)?.Value is { Length: > 0 } value)
            {
                principals.Add(value);
            }
        }
        return new SandboxCaller(id, principals);
    }
}
