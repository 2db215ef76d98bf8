using System.Runtime.CompilerServices;
using DataPort.Tabular.Parquet;

namespace DataPort.Sandbox.Loading;

/// <summary>
/// A masked Parquet file from the privacy pipeline as a row source: columns from its schema, rows one row
/// group at a time (Parquet.Net (through DataPort.Tabular's reader)), so a large version streams into COPY.
/// </summary>
public sealed class ParquetRowSource : IRowSource, IDisposable
{
    private readonly ParquetReader reader;

    public ParquetRowSource(string path)
    {
        reader = ParquetReader.Open(path);
        Columns = reader.Schema.Fields.Select(f => new SandboxColumn(f.Name, TypeOf(f))).ToList();
    }

    public IReadOnlyList<SandboxColumn> Columns { get; }

    public async IAsyncEnumerable<object?[]> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var row in reader.ReadRows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
        await Task.CompletedTask;
    }

    private static SandboxColumnType TypeOf(ParquetField field) => field.Type switch
    {
        ParquetType.Boolean => SandboxColumnType.Boolean,
        ParquetType.Int32 => SandboxColumnType.Integer,
        ParquetType.Int64 => SandboxColumnType.BigInt,
        ParquetType.Double => SandboxColumnType.Double,
        ParquetType.String => SandboxColumnType.Text,
        ParquetType.Date => SandboxColumnType.Date,
        ParquetType.Timestamp => SandboxColumnType.Timestamp,
        ParquetType.Decimal => SandboxColumnType.Decimal,
        ParquetType.Binary => SandboxColumnType.Bytes,
        _ => throw new SandboxValidationException($"Parquet column '{field.Name}' has a type the sandbox cannot load ({field.Type})."),
    };

    public void Dispose() => reader.Dispose();
}
