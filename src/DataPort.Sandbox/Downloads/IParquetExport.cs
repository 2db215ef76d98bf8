using DataPort.Sandbox.Loading;

namespace DataPort.Sandbox.Downloads;

/// <summary>
/// Writes rows as a Parquet file. Implemented over Parquet.Net (through DataPort.Tabular's writer); kept as a port so the sandbox's
/// enforcement does not depend on the file format's code.
/// </summary>
public interface IParquetExport
{
    Task WriteAsync(Stream output, IReadOnlyList<SandboxColumn> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken);
}
