namespace DataPort.Sandbox.Queries;

/// <summary>A column of a query result: its name and PostgreSQL type name.</summary>
public sealed record ResultColumn(string Name, string Type);

/// <summary>How a result ended: rows sent, whether the row cap cut it, how long it took.</summary>
public sealed record ResultSummary(long RowCount, bool Truncated, int RowCap, long DurationMs);

/// <summary>
/// Receives a result as it streams: <see cref="BeginAsync"/> once the first row (or the end) is known — so
/// every error PostgreSQL raises at start-up (permissions, syntax, an early timeout) happens before any
/// output — then rows, then either <see cref="EndAsync"/> or, if the statement fails mid-stream, <see cref="FailAsync"/>.
/// </summary>
public interface IQueryResultWriter
{
    Task BeginAsync(IReadOnlyList<ResultColumn> columns, CancellationToken cancellationToken);

    Task WriteRowAsync(object?[] values, CancellationToken cancellationToken);

    Task EndAsync(ResultSummary summary, CancellationToken cancellationToken);

    Task FailAsync(SandboxQueryFailure failure, ResultSummary summary, CancellationToken cancellationToken);
}
