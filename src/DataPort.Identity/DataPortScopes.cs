namespace DataPort.Identity;

/// <summary>The OAuth scopes a client may be allowed (RFC 6749 §3.3). Apps get only what their client allows.</summary>
public static class DataPortScopes
{
    public const string CatalogRead = "catalog.read";
    public const string SandboxQuery = "sandbox.query";
    public const string DataDownload = "data.download";
    public const string MerchantManage = "merchant.manage";
    public const string AuditRead = "audit.read";

    public static IReadOnlyList<string> All { get; } = [CatalogRead, SandboxQuery, DataDownload, MerchantManage, AuditRead];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>
    /// The roles an app acts in, from its scopes: the same roles whose people may grant those scopes (see
    /// <c>ClientManagement.GrantableScopes</c>), so an app never acts in a role its organisation's people lack.
    /// </summary>
    public static IReadOnlyList<string> RolesFor(IEnumerable<string> scopes)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            switch (scope)
            {
                case SandboxQuery or DataDownload: roles.Add(DataPortRoles.Developer); break;
                case MerchantManage: roles.Add(DataPortRoles.Merchant); break;
                case AuditRead: roles.Add(DataPortRoles.Regulator); break;
            }
        }
        return [.. roles];
    }
}

/// <summary>
/// Authorization policy names for endpoint groups, e.g. <c>group.RequireAuthorization(DataPortPolicies.CatalogRead)</c>.
/// A scope policy requires an authenticated caller; for an app (a token with <c>client_id</c>) it also requires the
/// scope. Signed-in users carry no scopes: endpoints check their <c>role</c> and <c>org</c> themselves.
/// </summary>
public static class DataPortPolicies
{
    public const string CatalogRead = "scope:" + DataPortScopes.CatalogRead;
    public const string SandboxQuery = "scope:" + DataPortScopes.SandboxQuery;
    public const string DataDownload = "scope:" + DataPortScopes.DataDownload;
    public const string MerchantManage = "scope:" + DataPortScopes.MerchantManage;
    public const string AuditRead = "scope:" + DataPortScopes.AuditRead;

    /// <summary>The audit ledger: regulators' apps read it all with <c>audit.read</c>; other apps read their organisation's records with <c>catalog.read</c>.</summary>
    public const string LedgerRead = "ledger-read";

    public static string ForScope(string scope) => "scope:" + scope;
}

/// <summary>User roles; one <c>role</c> claim per role.</summary>
public static class DataPortRoles
{
    public const string Merchant = "merchant";
    public const string Developer = "developer";
    public const string Operator = "operator";
    public const string Regulator = "regulator";

    public static IReadOnlyList<string> All { get; } = [Merchant, Developer, Operator, Regulator];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
