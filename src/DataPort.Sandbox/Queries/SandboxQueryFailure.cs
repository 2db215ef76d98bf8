using System.Text.RegularExpressions;
using Npgsql;

namespace DataPort.Sandbox.Queries;

public enum FailureKind
{
    /// <summary>PostgreSQL's permission check refused a table, column, schema or function outside the grant.</summary>
    PermissionDenied,

    /// <summary>The statement ran into <c>statement_timeout</c> and was cancelled.</summary>
    Cancelled,

    /// <summary>The statement tried to write (read-only transaction) or is not a single query.</summary>
    Refused,

    /// <summary>The statement is invalid: syntax, unknown table or column, type error.</summary>
    Invalid,

    /// <summary>The statement hit a resource limit (temp file space, memory).</summary>
    ResourceLimit,
}

/// <summary>
/// Why a sandbox statement failed, in DataPort's words. PostgreSQL's own message never reaches the caller: it can carry
/// a value computed while planning, another tenant's schema or role, or a platform name. The detail names only what the
/// caller wrote (an identifier quoted from their own query, a position in it) and says what to fix; the original stays
/// on the exception for the operators' log. <see cref="Position"/> is 1-based in the caller's query.
/// </summary>
public sealed partial record SandboxQueryFailure(FailureKind Kind, string Title, string Detail, string? SqlState, int? Position = null)
{
    public string Outcome => Kind switch
    {
        FailureKind.PermissionDenied => "permission-denied",
        FailureKind.Cancelled => "cancelled",
        FailureKind.Refused => "refused",
        FailureKind.Invalid => "invalid",
        FailureKind.ResourceLimit => "resource-limit",
        _ => "failed",
    };

    /// <param name="e">What PostgreSQL raised.</param>
    /// <param name="timeout">The statement timeout, to say how long a cancelled query ran.</param>
    /// <param name="sentSql">The text sent (the query wrapped, or under EXPLAIN), to map positions back.</param>
    /// <param name="userSql">The caller's query: only names that appear in it are repeated.</param>
    public static SandboxQueryFailure From(PostgresException e, TimeSpan timeout, string? sentSql = null, string? userSql = null)
    {
        var position = UserPosition(e.Position, sentSql, userSql);
        var at = position is not { } p ? "" : p > userSql!.Length ? " at the end of the query" : $" at character {p}";
        var named = OwnName(e.MessageText, userSql) is { } name ? $" '{name}'" : "";
        SandboxQueryFailure Invalid(string title, string detail) => new(FailureKind.Invalid, title, detail, e.SqlState, position);
        return e.SqlState switch
        {
            // One answer whether the thing exists or not, so refusals cannot be used to probe the database for names.
            PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName
                or PostgresErrorCodes.UndefinedObject => new(FailureKind.PermissionDenied, "Outside the grant",
                "The query names a table, column, schema or function the grant does not cover. The grant covers only its licensed columns " +
                "of its licensed dataset versions and common built-in functions.", PostgresErrorCodes.InsufficientPrivilege, position),
            PostgresErrorCodes.QueryCanceled => new(FailureKind.Cancelled, "Query cancelled",
                $"The query was cancelled after {timeout.TotalSeconds:0.##} s (the sandbox's statement timeout): filter or aggregate more, or ask for fewer rows.",
                e.SqlState),
            PostgresErrorCodes.ReadOnlySqlTransaction => new(FailureKind.Refused, "Writes are refused",
                "The sandbox is read-only: only a single SELECT, WITH, VALUES or TABLE query runs.", e.SqlState),
            PostgresErrorCodes.SyntaxError when e.MessageText.Contains("multiple commands", StringComparison.Ordinal)
                || (sentSql is not null && QueryText.IsSecondStatement(sentSql, e.Position)) => new(FailureKind.Refused,
                "One statement only", "Only one statement runs per query: remove everything after the first ';'.", e.SqlState, position),
            PostgresErrorCodes.SyntaxError => Invalid("Syntax error", $"The query has a syntax error{at}{Near(position, userSql)}."),
            PostgresErrorCodes.UndefinedColumn => Invalid("Unknown column", $"The query names a column{named} that is not in the tables it reads{at}."),
            PostgresErrorCodes.AmbiguousColumn => Invalid("Ambiguous column", $"A column{named} is in more than one table of the query{at}: qualify it with its table."),
            PostgresErrorCodes.UndefinedFunction => Invalid("Unknown function or operator",
                $"The query calls a function or operator{named} that does not exist for these argument types or is not available in the sandbox{at}. " +
                "Arithmetic, string, date/time, aggregate and window functions are; add casts if the argument types differ."),
            PostgresErrorCodes.GroupingError => Invalid("Grouping error",
                $"A column is used outside an aggregate but not listed in GROUP BY{at}."),
            PostgresErrorCodes.DatatypeMismatch or PostgresErrorCodes.CannotCoerce or PostgresErrorCodes.AmbiguousFunction
                or PostgresErrorCodes.IndeterminateDatatype => Invalid("Type mismatch",
                $"Two values of incompatible types meet in the query{at}: add a cast."),
            PostgresErrorCodes.DivisionByZero => Invalid("Division by zero", "The query divides by zero for some row: guard the divisor (NULLIF(x, 0))."),
            _ when e.SqlState.StartsWith("22", StringComparison.Ordinal) => Invalid("A value does not fit",
                $"A value could not be converted or computed as the query asks ({DataProblem(e.SqlState)}){at}: check casts and literals."),
            _ when e.SqlState.StartsWith("53", StringComparison.Ordinal) || e.SqlState.StartsWith("54", StringComparison.Ordinal)
                => new(FailureKind.ResourceLimit, "Resource limit reached",
                    "The query needs more memory, temporary space or connections than the sandbox allows: filter or aggregate more, or try again shortly.",
                    e.SqlState),
            _ => Invalid("Query failed", $"PostgreSQL refused the query (SQLSTATE {e.SqlState}){at}. The operators' log has the details under this request's trace id."),
        };
    }

    private static int? UserPosition(int sentPosition, string? sentSql, string? userSql)
    {
        if (sentPosition <= 0 || sentSql is null || userSql is null)
        {
            return null;
        }
        var offset = sentSql.IndexOf(userSql, StringComparison.Ordinal);
        var position = sentPosition - offset;
        // Past the end (the wrapper's closing parenthesis): the query ended too soon.
        return offset >= 0 && position >= 1 ? Math.Min(position, userSql.Length + 1) : null;
    }

    /// <summary>The first quoted name of PostgreSQL's message, only when the caller's own query contains it.</summary>
    private static string? OwnName(string message, string? userSql)
    {
        var quoted = QuotedName().Match(message);
        return quoted.Success && userSql is not null && userSql.Contains(quoted.Groups[1].Value, StringComparison.OrdinalIgnoreCase)
            ? quoted.Groups[1].Value
            : null;
    }

    private static string Near(int? position, string? userSql)
    {
        if (position is not { } p || userSql is null || p > userSql.Length)
        {
            return "";
        }
        var text = userSql[(p - 1)..].Split('\n')[0];
        return $", near \"{(text.Length > 20 ? text[..20] + "…" : text)}\"";
    }

    private static string DataProblem(string sqlState) => sqlState switch
    {
        PostgresErrorCodes.InvalidTextRepresentation => "text that is not a valid value of the target type",
        PostgresErrorCodes.NumericValueOutOfRange => "a number out of range for its type",
        PostgresErrorCodes.InvalidDatetimeFormat or PostgresErrorCodes.DatetimeFieldOverflow => "an invalid date or time",
        PostgresErrorCodes.StringDataRightTruncation => "text too long for its type",
        PostgresErrorCodes.InvalidParameterValue => "an argument outside what the function accepts",
        _ => $"SQLSTATE {sqlState}",
    };

    [GeneratedRegex("\"([^\"]{1,63})\"")]
    private static partial Regex QuotedName();
}

/// <summary>
/// A sandbox statement failed before any output was written; the edge turns it into a problem response. The inner
/// exception is PostgreSQL's original, for the operators' log only.
/// </summary>
public sealed class SandboxQueryException(SandboxQueryFailure failure, Exception? inner = null) : Exception(failure.Detail, inner)
{
    public SandboxQueryFailure Failure { get; } = failure;
}
