using DataPort.Tabular.Parquet;
using DataPort.Sandbox.Loading;

namespace DataPort.Sandbox.Downloads;

/// <summary>
/// <see cref="IParquetExport"/> over Parquet.Net (through DataPort.Tabular's writer). The writer is synchronous and seeks nothing,
/// but ASP.NET Core forbids synchronous writes to a response, so the file is built in a temporary file
/// (bounded memory: one row group) and then copied out asynchronously.
/// </summary>
public sealed class ParquetExport : IParquetExport
{
    private const int RowGroupRows = 65_536;

    public async Task WriteAsync(Stream output, IReadOnlyList<SandboxColumn> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var schema = new ParquetSchema(columns.Select(Field));
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using var writer = ParquetWriter.Create(file, schema, new ParquetWriterOptions { RowGroupRows = RowGroupRows }, leaveOpen: true);
                var converted = new object?[columns.Count];
                await foreach (var row in rows.WithCancellation(cancellationToken))
                {
                    for (var i = 0; i < converted.Length; i++)
                    {
                        converted[i] = Value(row[i], columns[i]);
                    }
                    writer.WriteRow(converted);
                }
                writer.Close();
            }
            await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            await read.CopyToAsync(output, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static ParquetField Field(SandboxColumn column) => column.Type switch
    {
        SandboxColumnType.Text => new ParquetField(column.Label, ParquetType.String),
        SandboxColumnType.Integer => new ParquetField(column.Label, ParquetType.Int32),
        SandboxColumnType.BigInt => new ParquetField(column.Label, ParquetType.Int64),
        SandboxColumnType.Double => new ParquetField(column.Label, ParquetType.Double),
        // Exact when the scale is known (downloads measure it); free query results fall back to double.
        SandboxColumnType.Decimal when column.Scale is { } scale => ParquetField.Decimal(column.Label, 38, Math.Clamp(scale, 0, 28)),
        SandboxColumnType.Decimal => new ParquetField(column.Label, ParquetType.Double),
        SandboxColumnType.Boolean => new ParquetField(column.Label, ParquetType.Boolean),
        SandboxColumnType.Date => new ParquetField(column.Label, ParquetType.Date),
        SandboxColumnType.Timestamp => new ParquetField(column.Label, ParquetType.Timestamp),
        SandboxColumnType.Bytes => new ParquetField(column.Label, ParquetType.Binary),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    private static object? Value(object? value, SandboxColumn column) => (value, column.Type) switch
    {
        (null, _) => null,
        (short s, SandboxColumnType.Integer) => (int)s,
        (decimal d, SandboxColumnType.Decimal) when column.Scale is null => (double)d,
        (float f, SandboxColumnType.Double) => (double)f,
        (_, SandboxColumnType.Text) when value is not string => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };
}
