using System.Globalization;
using System.Text;
using Npgsql;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// How result values are read so that every value PostgreSQL can return gets written, and how they are weighed for
/// the byte cap. Types with an exact .NET counterpart are read in binary; every other type — <c>numeric</c> (whose
/// NaN, infinities and precision beyond 28 digits .NET's <see cref="decimal"/> cannot hold), intervals, network
/// addresses, money, geometry, ranges, arrays of those, and any type the sandbox does not know — is asked for in
/// PostgreSQL's own text form, which is exact. A <c>numeric</c> that fits a decimal then becomes one again; one that
/// does not stays text ("NaN", "Infinity", every digit), written as a JSON string.
/// </summary>
public static class ResultValues
{
    private static readonly HashSet<string> NativeTypes = new(StringComparer.Ordinal)
    {
        "smallint", "integer", "bigint", "real", "double precision", "boolean", "text", "character varying", "character", "name",
        "date", "timestamp without time zone", "timestamp with time zone", "bytea", "uuid", "json", "jsonb",
        "smallint[]", "integer[]", "bigint[]", "double precision[]", "boolean[]", "text[]", "character varying[]",
    };

    /// <summary>Which result columns to ask for as text (Npgsql's <c>UnknownResultTypeList</c>), by their type names.</summary>
    public static bool[] AsText(IReadOnlyList<string> dataTypeNames) => [.. dataTypeNames.Select(name => !NativeTypes.Contains(name))];

    public static object? Read(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        var value = reader.GetValue(ordinal);
        // Parsing rounds what has too many digits: only a decimal that prints back the same text is exact.
        return value is string text && reader.GetDataTypeName(ordinal) == "numeric"
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && number.ToString(CultureInfo.InvariantCulture) == text
            ? number
            : value;
    }

    /// <summary>About how many bytes the value takes in an answer (UTF-8 text, base64 binary, a number's digits).</summary>
    public static long Weight(object? value) => value switch
    {
        null => 4,
        string s => Encoding.UTF8.GetByteCount(s) + 2,
        byte[] bytes => (bytes.Length + 2) / 3 * 4 + 2,
        Array array => array.Cast<object?>().Sum(Weight) + 2,
        _ => 24,
    };
}
