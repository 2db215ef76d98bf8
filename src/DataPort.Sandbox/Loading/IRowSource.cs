namespace DataPort.Sandbox.Loading;

/// <summary>
/// A masked dataset version as the loader consumes it: its columns, then its rows in that column order.
/// The privacy pipeline's Parquet output is read through this (an adapter over Parquet.Net (through DataPort.Tabular's reader));
/// rows are pulled one at a time so a large version streams into COPY without being held in memory.
/// </summary>
public interface IRowSource
{
    IReadOnlyList<SandboxColumn> Columns { get; }

    IAsyncEnumerable<object?[]> ReadRowsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Rows already in memory: for tests, synthetic data and small reference tables.</summary>
public sealed class InMemoryRowSource(IReadOnlyList<SandboxColumn> columns, IEnumerable<object?[]> rows) : IRowSource
{
    public IReadOnlyList<SandboxColumn> Columns { get; } = columns;

    public async IAsyncEnumerable<object?[]> ReadRowsAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
        await Task.CompletedTask;
    }
}
