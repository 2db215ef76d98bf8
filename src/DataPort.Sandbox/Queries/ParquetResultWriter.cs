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
        WriteOutOfRangeNumbersAsText();
        await export.WriteAsync(output, fileColumns, Rows(), cancellationToken);
    }

    /// <summary>
    /// A <c>numeric</c> column holding a value a Parquet decimal cannot (NaN, an infinity, beyond 28 digits) becomes a
    /// text column of exact values, rather than failing the file or rounding.
    /// </summary>
    private void WriteOutOfRangeNumbersAsText()
    {
        for (var c = 0; c < fileColumns.Count; c++)
        {
            var column = c;
            if (fileColumns[column].Type != SandboxColumnType.Decimal || rows.All(r => r[column] is null or decimal))
            {
                continue;
            }
            fileColumns[column] = fileColumns[column] with { Type = SandboxColumnType.Text };
            foreach (var row in rows)
            {
                row[column] = row[column] is { } value ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
            }
        }
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
