using System.Text.RegularExpressions;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// Shapes a developer's SQL for the sandbox. The text is never split or rewritten: it is wrapped as a
/// sub-query (<c>SELECT * FROM (…) LIMIT $1</c>), so anything that is not a single query — SET, RESET,
/// COPY, DDL, DML, a second statement — cannot even parse, and it is sent with a positional parameter so
/// Npgsql passes it to PostgreSQL as one Parse message, which PostgreSQL refuses to hold two statements.
/// The keyword check below only turns those refusals into a clearer message; it is not the enforcement.
/// </summary>
public static partial class QueryText
{
    public const int MaxLength = 100_000;

    private static readonly HashSet<string> QueryKeywords = new(StringComparer.OrdinalIgnoreCase) { "select", "with", "values", "table" };

    [GeneratedRegex(@"\A(?:\s+|--[^\n]*(?:\n|\z)|/\*.*?\*/|\()*", RegexOptions.Singleline)]
    private static partial Regex LeadingNoise();

    [GeneratedRegex(@"\A[A-Za-z_]+")]
    private static partial Regex FirstWord();

    /// <summary>Checks the text is a single read-only query, throwing a <see cref="SandboxValidationException"/> that says why not.</summary>
    public static string Validate(string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new SandboxValidationException("The query is empty.");
        }
        if (sql.Length > MaxLength)
        {
            throw new SandboxValidationException($"The query is longer than {MaxLength} characters.");
        }
        if (sql.Contains('\0', StringComparison.Ordinal))
        {
            throw new SandboxValidationException("The query contains a NUL character.");
        }
        var rest = sql[LeadingNoise().Match(sql).Length..];
        var word = FirstWord().Match(rest).Value;
        if (!QueryKeywords.Contains(word))
        {
            throw new SandboxValidationException(
                $"Only a single read-only query (SELECT, WITH, VALUES or TABLE) runs in the sandbox; '{(word.Length > 0 ? word.ToUpperInvariant() : rest[..Math.Min(rest.Length, 20)])}' is refused.");
        }
        return sql.TrimEnd().TrimEnd(';').TrimEnd();
    }

    /// <summary>The statement actually sent: the query as a sub-query, capped at <c>$1</c> rows.</summary>
    public static string Wrap(string validated) => "SELECT * FROM (\n" + validated + "\n) AS sandbox_query LIMIT $1";

    /// <summary>Whether a syntax error points at a ';' in the wrapped text, i.e. the caller sent a second statement.</summary>
    public static bool IsSecondStatement(string wrapped, int position) =>
        position > 0 && position <= wrapped.Length && wrapped[position - 1] == ';';
}
