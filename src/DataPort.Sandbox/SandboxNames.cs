using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DataPort.Sandbox;

/// <summary>
/// Every identifier the sandbox puts into SQL text comes from here. Names are validated against a strict
/// pattern (lower-case ASCII, digits, underscore) and then still quoted, so neither a dataset id nor a grant
/// id nor a column name from a Parquet file can ever change the shape of a statement. Dataset ids and column
/// names of any script are mapped onto such names by stable rules (<see cref="DatasetIdentifier"/>,
/// <see cref="ColumnIdentifiers"/>); the original names stay beside them wherever a schema is shown.
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

    /// <summary>
    /// The SQL-safe form of a dataset id, so developers can name the table unquoted: lower case, '-' and '.' become
    /// '_', and an id that starts with a digit gets a <c>d_</c> prefix (<c>10g-pon-ports</c> → <c>d_10g_pon_ports</c>).
    /// Any other id (another script, too long) becomes <c>d_</c> and 16 hex digits of its SHA-256.
    /// </summary>
    public static string DatasetIdentifier(string datasetId)
    {
        if (string.IsNullOrWhiteSpace(datasetId))
        {
            throw new SandboxValidationException("A dataset id is required.");
        }
        var normal = datasetId.Trim().ToLowerInvariant().Replace('-', '_').Replace('.', '_');
        if (normal.Length > 0 && char.IsAsciiDigit(normal[0]))
        {
            normal = "d_" + normal;
        }
        return DatasetPattern().IsMatch(normal) ? normal : "d_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(datasetId)))[..16];
    }

    /// <summary>
    /// SQL names for a version's columns, position by position. A name that already is one stays; otherwise the
    /// preferred name (e.g. the catalog's English name) when it is one; otherwise an ASCII name is folded to one
    /// (<c>Check-In Date</c> → <c>check_in_date</c>); anything else (Chinese, say) is <c>c</c> and its 1-based
    /// position. A name taken already gets <c>_</c> and the position appended. Stable: the same names in the same
    /// order always map alike.
    /// </summary>
    public static IReadOnlyList<string> ColumnIdentifiers(IReadOnlyList<string> names, IReadOnlyDictionary<string, string>? preferred = null)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var result = new string[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var candidate = IsColumn(name) ? name
                : preferred?.GetValueOrDefault(name) is { } wanted && IsColumn(wanted) ? wanted
                : Fold(name) ?? $"c{i + 1}";
            result[i] = taken.Add(candidate) ? candidate : $"{candidate[..Math.Min(candidate.Length, 50)]}_{i + 1}";
            taken.Add(result[i]);
        }
        return result;
    }

    // ASCII names only: lower case, every run of other characters one '_', a leading digit prefixed.
    private static string? Fold(string name)
    {
        if (name.Any(c => !char.IsAscii(c)))
        {
            return null;
        }
        var folded = NonIdentifierRun().Replace(name.ToLowerInvariant(), "_").Trim('_');
        if (folded.Length == 0)
        {
            return null;
        }
        folded = char.IsAsciiDigit(folded[0]) ? "c_" + folded : folded;
        return folded.Length > 63 ? folded[..63] : folded;
    }

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NonIdentifierRun();

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
