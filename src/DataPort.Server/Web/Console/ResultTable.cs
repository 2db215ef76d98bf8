using DataPort.Sandbox.Queries;

namespace DataPort.Server.Web.Console;

/// <summary>
/// A sandbox answer held for a page: the columns with the dataset's names, the first <see cref="ShownRows"/> rows,
/// and how the answer ended. The sandbox's own caps bound what is read; the page shows the head and offers the
/// whole answer as a download.
/// </summary>
public sealed class ResultTable : IQueryResultWriter
{
    public const int ShownRows = 200;

    private readonly List<object?[]> rows = [];

    public IReadOnlyList<ResultColumn> Columns { get; private set; } = [];

    public IReadOnlyList<object?[]> Rows => rows;

    public ResultSummary? Summary { get; private set; }

    public SandboxQueryFailure? Failure { get; private set; }

    public Task BeginAsync(IReadOnlyList<ResultColumn> columns, CancellationToken cancellationToken)
    {
        Columns = columns;
        return Task.CompletedTask;
    }

    public Task WriteRowAsync(object?[] values, CancellationToken cancellationToken)
    {
        if (rows.Count < ShownRows)
        {
            rows.Add(values);
        }
        return Task.CompletedTask;
    }

    public Task EndAsync(ResultSummary summary, CancellationToken cancellationToken)
    {
        Summary = summary;
        return Task.CompletedTask;
    }

    public Task FailAsync(SandboxQueryFailure failure, ResultSummary summary, CancellationToken cancellationToken)
    {
        (Failure, Summary) = (failure, summary);
        return Task.CompletedTask;
    }
}
