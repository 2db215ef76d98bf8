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

/// <summary>Why a sandbox statement failed, with PostgreSQL's own message for the developer.</summary>
public sealed record SandboxQueryFailure(FailureKind Kind, string Title, string Detail, string? SqlState)
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

    public static SandboxQueryFailure From(PostgresException e, TimeSpan timeout, string? wrappedSql = null)
    {
        var message = e.MessageText;
        return e.SqlState switch
        {
            PostgresErrorCodes.InsufficientPrivilege => new(FailureKind.PermissionDenied, "Outside the grant",
                $"PostgreSQL refused: {message}. The grant covers only its licensed columns of its licensed dataset versions.", e.SqlState),
            PostgresErrorCodes.QueryCanceled => new(FailureKind.Cancelled, "Query cancelled",
                $"The query was cancelled after {timeout.TotalSeconds:0.##} s (the sandbox's statement timeout).", e.SqlState),
            PostgresErrorCodes.ReadOnlySqlTransaction => new(FailureKind.Refused, "Writes are refused",
                $"The sandbox is read-only: {message}.", e.SqlState),
            PostgresErrorCodes.SyntaxError when message.Contains("multiple commands", StringComparison.Ordinal)
                || (wrappedSql is not null && QueryText.IsSecondStatement(wrappedSql, e.Position)) => new(FailureKind.Refused,
                "One statement only", $"Only one statement runs per query; a second statement after ';' is refused (PostgreSQL: {message}).", e.SqlState),
            PostgresErrorCodes.ConfigurationLimitExceeded or PostgresErrorCodes.OutOfMemory or PostgresErrorCodes.DiskFull
                or PostgresErrorCodes.ProgramLimitExceeded => new(FailureKind.ResourceLimit, "Resource limit reached",
                $"The query exceeded a sandbox resource limit: {message}.", e.SqlState),
            _ when e.SqlState.StartsWith("53", StringComparison.Ordinal) || e.SqlState.StartsWith("54", StringComparison.Ordinal)
                => new(FailureKind.ResourceLimit, "Resource limit reached", $"The query exceeded a sandbox resource limit: {message}.", e.SqlState),
            _ => new(FailureKind.Invalid, "Query failed", $"PostgreSQL: {message}.", e.SqlState),
        };
    }
}

/// <summary>A sandbox statement failed before any output was written; the edge turns it into a problem response.</summary>
public sealed class SandboxQueryException(SandboxQueryFailure failure, Exception? inner = null) : Exception(failure.Detail, inner)
{
    public SandboxQueryFailure Failure { get; } = failure;
}
