namespace DataPort.Domain.Common;

/// <summary>
/// Who issues a command, as the domain needs it for its authorisation rules. The server builds it from the
/// caller's claims (<c>sub</c>, <c>org</c>, <c>role</c>).
/// </summary>
public sealed record Caller(string Id, string OrganisationId, IReadOnlyList<string> Roles)
{
    public bool Is(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>The system itself (expiry sweeps, pipelines): no organisation, no role.</summary>
    public static Caller System { get; } = new("system", "", []);
}

/// <summary>The roles of the caller identity contract, exactly as they appear in <c>role</c> claims.</summary>
public static class Roles
{
    public const string Merchant = "merchant";
    public const string Developer = "developer";
    public const string Operator = "operator";
    public const string Regulator = "regulator";
}
