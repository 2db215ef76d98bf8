using DataPort.Sandbox.Downloads;
using DataPort.Sandbox.Loading;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// Collects a query result (at most the row cap) and writes it as one Parquet file at the end, so the summary
/// is known before the first byte: <paramref name="onEnd"/> can still set headers, and a failure can still
/// become a problem response. Result columns of types the sandbox does not know are written as text.
/// </summary>
public sealed class ParquetResultWriter(Stream output, IParquetExport export, Action<ResultSummary>? onEnd = null) : IQueryResultWriter
{
    private readonly List<object?[]> rows = [];
    private List<SandboxColumn> fileColumns = [];

    public Task BeginAsync(IReadOnlyList<ResultColumn> columns, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        fileColumns = columns.Select((c, i) => new SandboxColumn(
            names.Add(c.Name) ? c.Name : $"{c.Name}_{i + 1}", SandboxColumn.FromPostgres(c.Type) ?? SandboxColumnType.Text)).ToList();
        return Task.CompletedTask;
    }

    public Task WriteRowAsync(object?[] values, CancellationToken cancellationToken)
    {
        rows.Add(values);
        return Task.CompletedTask;
    }

    public async Task EndAsync(ResultSummary summary, CancellationToken cancellationToken)
    {
        onEnd?.Invoke(summary);
        if (fileColumns.Count == 0)
        {
            return;
        }
        await export.WriteAsync(output, fileColumns, Rows(), cancellationToken);
    }

    public Task FailAsync(SandboxQueryFailure failure, ResultSummary summary, CancellationToken cancellationToken) =>
        throw new ResultStreamBrokenException(failure);

    private async IAsyncEnumerable<object?[]> Rows()
    {
        foreach (var row in rows)
        {
            yield return row;
        }
        await Task.CompletedTask;
    }
}
