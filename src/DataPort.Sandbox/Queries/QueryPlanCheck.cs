using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// Refuses, before it runs, any query whose plan reaches outside the grant. PostgreSQL plans the query under the
/// grant role (<c>EXPLAIN (VERBOSE, FORMAT JSON)</c>: nothing executes), and the plan must read only relations in
/// the grant's own schemas and call only built-in functions from <see cref="AllowedFunctions"/>.
/// </summary>
/// <remarks>
/// Why a plan check and not REVOKE on the catalogs: every role can read <c>pg_catalog</c> and
/// <c>information_schema</c> through PUBLIC, and PostgreSQL has no per-role deny. Revoking from PUBLIC needs the
/// bootstrap superuser (the catalogs' owner) in every database, breaks Npgsql's type loading and tools for every
/// other non-superuser role, and still leaves the functions that read the catalogs without any table privilege
/// (<c>g::regclass</c> over a series names every table, <c>pg_get_userbyid</c> every role, <c>current_setting</c>
/// any setting, <c>pg_stat_get_activity</c> other sessions). The plan names all of it: catalog tables and views
/// appear as relation scans in <c>pg_catalog</c>/<c>information_schema</c>, set-returning functions as function
/// scans, and every other call or cast in the deparsed expressions. So the rule is default-deny — only the grant's
/// schemas, only listed functions, no <c>reg*</c> casts — and needs no privilege beyond the grant role's own.
/// The role's column privileges remain the enforcement for the data itself; this check only keeps catalog and
/// server metadata out of responses. Immutable calls on constants are folded by the planner and never reach a
/// catalog, so they need no listing.
/// </remarks>
public static partial class QueryPlanCheck
{
    /// <summary>Built-in functions a sandbox query may call: arithmetic, text, dates, JSON, aggregates, windows, series.</summary>
    public static readonly IReadOnlySet<string> AllowedFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        // aggregates
        "count", "sum", "avg", "min", "max", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
        "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept", "regr_r2", "regr_count", "bool_and", "bool_or", "every",
        "string_agg", "array_agg", "percentile_cont", "percentile_disc", "mode", "bit_and", "bit_or", "json_agg", "jsonb_agg",
        "json_object_agg", "jsonb_object_agg",
        // window functions
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
        // numbers
        "abs", "ceil", "ceiling", "floor", "round", "trunc", "sign", "sqrt", "cbrt", "power", "pow", "exp", "ln", "log", "log10", "mod",
        "div", "width_bucket", "scale", "random", "numeric", "int2", "int4", "int8", "float4", "float8",
        // text
        "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "bit_length", "substr", "substring",
        "left", "right", "btrim", "ltrim", "rtrim", "lpad", "rpad", "replace", "translate", "split_part", "strpos", "position", "concat",
        "concat_ws", "repeat", "reverse", "md5", "starts_with", "regexp_replace", "regexp_match", "regexp_matches", "regexp_split_to_array",
        "regexp_like", "regexp_count", "like_escape", "to_char", "to_number", "to_date", "to_timestamp", "format", "text", "textcat",
        "string_to_array", "array_to_string", "unistr", "normalize", "ascii", "chr",
        // dates and times
        "date_trunc", "date_part", "extract", "date_bin", "age", "make_date", "make_time", "make_timestamp", "make_timestamptz",
        "make_interval", "justify_days", "justify_hours", "justify_interval", "isfinite", "timezone", "now", "clock_timestamp",
        "statement_timestamp", "transaction_timestamp", "date", "overlaps",
        // arrays, JSON, series
        "array_length", "array_upper", "array_lower", "array_position", "array_positions", "array_append", "array_prepend", "array_cat",
        "array_remove", "array_replace", "cardinality", "unnest", "generate_series", "json_build_object", "jsonb_build_object",
        "json_build_array", "jsonb_build_array", "to_json", "to_jsonb", "row_to_json", "json_array_length", "jsonb_array_length",
        "jsonb_extract_path_text", "json_extract_path_text", "jsonb_typeof", "json_typeof", "jsonb_pretty",
        // comparison helpers
        "num_nulls", "num_nonnulls",
    };

    // Keys whose values are names or labels the planner chose, never expressions.
    private static readonly HashSet<string> LabelKeys = new(StringComparer.Ordinal)
    {
        "Node Type", "Parent Relationship", "Subplan Name", "Alias", "Relation Name", "Schema", "Index Name", "CTE Name",
        "Function Name", "Strategy", "Partial Mode", "Join Type", "Scan Direction", "Operation", "Sort Method", "Sort Space Type",
        "Command",
    };

    // At each position, in order: a string literal (skipped whole, so nothing inside it counts), CURRENT_CATALOG,
    // CURRENT_USER, SESSION_USER, CURRENT_ROLE, CURRENT_SCHEMA or USER (server facts deparsed as keywords, neither a
    // call nor a cast: the database's, the role's and the schema's names), a cast (group
    // "cast": the type), a call (group "call": a name, quoted or not, optionally schema-qualified, before '('),
    // and a quoted name that is not a call (skipped whole).
    [GeneratedRegex(@"'(?:[^']|'')*'|(?<server>\b(?:CURRENT_CATALOG|CURRENT_USER|SESSION_USER|CURRENT_ROLE|CURRENT_SCHEMA|USER)\b)|::\s*(?:pg_catalog\.)?""?(?<cast>[a-z_][a-z0-9_]*)|(?<call>(?:(?:""(?:[^""]|"""")*""|[A-Za-z_][A-Za-z0-9_$]*)\s*\.\s*)?(?:""(?:[^""]|"""")*""|[A-Za-z_][A-Za-z0-9_$]*))\s*\(|""(?:[^""]|"""")*""")]
    private static partial Regex Tokens();

    /// <summary>Plans <paramref name="wrappedSql"/> inside <paramref name="session"/> and throws a <see cref="SandboxQueryException"/> if it reaches outside.</summary>
    public static async Task CheckAsync(GrantSession session, string wrappedSql, string userSql, long rowLimit, IReadOnlyCollection<string> grantSchemas,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var explain = "EXPLAIN (VERBOSE, FORMAT JSON) " + wrappedSql;
        await using var command = session.CreateCommand(explain);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = rowLimit });
        string json;
        try
        {
            json = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e)
        {
            // Planning fails as execution would (permission checks run at executor start, which EXPLAIN reaches).
            throw new SandboxQueryException(SandboxQueryFailure.From(e, timeout, explain, userSql), e);
        }
        using var plan = JsonDocument.Parse(json);
        if (FindOutside(plan.RootElement, grantSchemas) is { } outside)
        {
            throw new SandboxQueryException(new SandboxQueryFailure(FailureKind.PermissionDenied, "Outside the grant",
                $"Refused before it ran: the query uses {outside}, which is outside the grant. A sandbox query may read only the " +
                "grant's dataset versions and call common built-in functions; catalogs, settings and server information are not available.",
                null));
        }
    }

    /// <summary>The first thing in the plan outside the grant, described for the developer, or null.</summary>
    public static string? FindOutside(JsonElement plan, IReadOnlyCollection<string> grantSchemas)
    {
        switch (plan.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in plan.EnumerateArray())
                {
                    if (FindOutside(item, grantSchemas) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Object:
                if (plan.TryGetProperty("Relation Name", out var relation))
                {
                    var schema = plan.TryGetProperty("Schema", out var s) ? s.GetString() : null;
                    if (schema is null || !grantSchemas.Contains(schema))
                    {
                        return $"the table {schema}.{relation.GetString()}";
                    }
                }
                if (plan.TryGetProperty("Function Name", out var function))
                {
                    var schema = plan.TryGetProperty("Schema", out var s) ? s.GetString() : null;
                    if (schema != "pg_catalog" || !AllowedFunctions.Contains(function.GetString() ?? ""))
                    {
                        return $"the function {function.GetString()}()";
                    }
                }
                foreach (var property in plan.EnumerateObject())
                {
                    if (LabelKeys.Contains(property.Name))
                    {
                        continue;
                    }
                    if (FindOutside(property.Value, grantSchemas) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.String:
                return FindInExpression(plan.GetString()!);
            default:
                return null;
        }
    }

    /// <summary>A call or cast in one deparsed expression that is not allowed, or null.</summary>
    public static string? FindInExpression(string expression)
    {
        foreach (Match match in Tokens().Matches(expression))
        {
            if (match.Groups["server"].Success)
            {
                return $"{match.Groups["server"].Value.ToLowerInvariant()} (a name of the server's)";
            }
            if (match.Groups["cast"].Success)
            {
                // reg* types turn numbers into catalog names (g::regclass, ::regrole, ::regnamespace …).
                if (match.Groups["cast"].Value.StartsWith("reg", StringComparison.Ordinal))
                {
                    return $"a cast to {match.Groups["cast"].Value}";
                }
            }
            else if (match.Groups["call"].Success && !IsAllowedCall(match.Groups["call"].Value))
            {
                return $"the function {match.Groups["call"].Value.Replace("\"", "", StringComparison.Ordinal)}()";
            }
        }
        return null;
    }

    private static bool IsAllowedCall(string call)
    {
        var parts = call.Split('.', 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && parts[0] != "pg_catalog")
        {
            return false;
        }
        var name = parts[^1];
        // Deparse prints SQL syntax (COALESCE, EXTRACT, ANY, AND, OVER, FILTER …) in upper case and quotes every name
        // that is not all lower case, so an unquoted upper-case word before '(' is syntax, never a function.
        if (parts.Length == 1 && name.All(c => c is (>= 'A' and <= 'Z') or '_'))
        {
            return true;
        }
        if (name.StartsWith('"'))
        {
            name = name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }
        return AllowedFunctions.Contains(name);
    }
}
