using DataPort.Sandbox.Loading;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// A column of a query result: its SQL name, PostgreSQL type name, and <see cref="Label"/>: the dataset's own name
/// for it when the result column is one of the dataset's columns (<c>所在区</c> for <c>c3</c>), else the SQL name.
/// </summary>
public sealed record ResultColumn(string Name, string Type)
{
    private readonly string? label;

    public string Label
    {
        get => label ?? Name;
        init => label = value;
    }

    /// <summary>The result column named <paramref name="name"/>, labelled by the first readable version that has a column of that SQL name.</summary>
    public static ResultColumn For(string name, string type, IReadOnlyList<LoadedVersion> readable) =>
        new(name, type) { Label = readable.SelectMany(v => v.Columns).FirstOrDefault(c => c.Name == name)?.Label ?? name };
}

/// <summary>
/// How a result ended: rows sent, whether it was cut short and why (<see cref="TruncatedBy"/>: <c>row-cap</c>, the
/// sandbox's per-answer cap, or <c>row-quota</c>, the grant's remaining rows), how long it took, and what is left of
/// the grant's row quota (null: unlimited).
/// </summary>
public sealed record ResultSummary(long RowCount, bool Truncated, int RowCap, long DurationMs)
{
    public string? TruncatedBy { get; init; }

    public long? RowsRemaining { get; init; }
}

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
