using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DataPort.Sandbox;

/// <summary>
/// Every identifier the sandbox puts into SQL text comes from here. Names are validated against a strict
/// pattern (lower-case ASCII, digits, underscore) and then still quoted, so neither a dataset id nor a grant
/// id nor a column name from a Parquet file can ever change the shape of a statement.
/// </summary>
public static partial class SandboxNames
{
    public const string GrantRolePrefix = "sbx_grant_";
    public const string LoginRolePrefix = "sbx_login_";
    public const string VersionSchemaPrefix = "sbx_";

    // PostgreSQL truncates identifiers at 63 bytes; staying well below keeps room for prefixes and suffixes.
    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex DatasetPattern();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex ColumnPattern();

    /// <summary>The SQL-safe form of a dataset id: lower case, '-' and '.' become '_'.</summary>
    public static string DatasetIdentifier(string datasetId)
    {
        var normal = datasetId.Trim().ToLowerInvariant().Replace('-', '_').Replace('.', '_');
        if (!DatasetPattern().IsMatch(normal))
        {
            throw new SandboxValidationException(
                $"Dataset id '{datasetId}' cannot name a sandbox schema: use 1-40 letters, digits, '-' or '_', starting with a letter.");
        }
        return normal;
    }

    public static string VersionSchema(string datasetId, int version)
    {
        if (version <= 0)
        {
            throw new SandboxValidationException($"Version {version} is not a dataset version (versions start at 1).");
        }
        return $"{VersionSchemaPrefix}{DatasetIdentifier(datasetId)}_v{version}";
    }

    public static string Column(string name)
    {
        if (!ColumnPattern().IsMatch(name))
        {
            throw new SandboxValidationException(
                $"Column '{name}' is not a valid sandbox column name (lower-case letters, digits and '_', at most 63).");
        }
        return name;
    }

    public static bool IsColumn(string name) => ColumnPattern().IsMatch(name);

    /// <summary>
    /// The suffix that names a grant's roles: a GUID's 32 hex digits, or for any other id the first 32 hex digits
    /// of its SHA-256, so an arbitrary grant id can never inject into a role name and never exceeds 63 bytes.
    /// </summary>
    public static string GrantSuffix(string grantId) =>
        Guid.TryParse(grantId, out var guid)
            ? guid.ToString("N")
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grantId)))[..32];

    public static string GrantRole(string grantId) => GrantRolePrefix + GrantSuffix(grantId);

    public static string LoginRole(string grantId) => LoginRolePrefix + GrantSuffix(grantId);

    /// <summary>Double-quotes an identifier that has already passed validation (belt and braces).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Qualified(string schema, string table) => Quote(schema) + "." + Quote(table);
}
