using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace DataPort.Tabular.Parquet.Reading;

/// <summary>One column chunk through Parquet.Net, as the CLR values <see cref="ParquetField"/> lists (null where missing).</summary>
internal static class ColumnValues
{
    public static object?[] Read(ParquetRowGroupReader rowGroup, DataField field, ParquetField ours, SchemaElement? element, int rows)
    {
        try
        {
            return ReadValues(rowGroup, field, ours, rows);
        }
        catch (NotSupportedException e)
        {
            return StoredAsWholeNumbers.TryRead(rowGroup, field, ours, element, rows) ?? throw new ParquetException(
                $"column '{field.Name}' is stored in a way Parquet.Net cannot read yet ({e.Message}); "
                + "write the file with Parquet format version 1 encodings (the default of DuckDB, Spark and pyarrow) and try again", e);
        }
    }

    private static object?[] ReadValues(ParquetRowGroupReader rowGroup, DataField field, ParquetField ours, int rows)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var text = new string?[rows];
            rowGroup.ReadAsync(field, text.AsMemory()).AsTask().GetAwaiter().GetResult();
            return [.. text];
        }
        if (type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>))
        {
            var bytes = new byte[]?[rows];
            rowGroup.ReadAsync(field, bytes.AsMemory()).AsTask().GetAwaiter().GetResult();
            return [.. bytes];
        }
        return type switch
        {
            _ when type == typeof(bool) => Boxed<bool>(rowGroup, field, rows, v => v),
            _ when type == typeof(int) => Boxed<int>(rowGroup, field, rows, v => v),
            _ when type == typeof(long) => Boxed<long>(rowGroup, field, rows, v => v),
            _ when type == typeof(double) => Boxed<double>(rowGroup, field, rows, v => v),
            _ when type == typeof(float) => Boxed<float>(rowGroup, field, rows, v => (double)v),
            _ when type == typeof(sbyte) => Boxed<sbyte>(rowGroup, field, rows, v => (int)v),
            _ when type == typeof(byte) => Boxed<byte>(rowGroup, field, rows, v => (int)v),
            _ when type == typeof(short) => Boxed<short>(rowGroup, field, rows, v => (int)v),
            _ when type == typeof(ushort) => Boxed<ushort>(rowGroup, field, rows, v => (int)v),
            _ when type == typeof(uint) => Boxed<uint>(rowGroup, field, rows, v => (long)v),
            _ when type == typeof(DateOnly) => Boxed<DateOnly>(rowGroup, field, rows, v => v),
            _ when type == typeof(DateTime) && ours.Type == ParquetType.Date => Boxed<DateTime>(rowGroup, field, rows, v => DateOnly.FromDateTime(v)),
            _ when type == typeof(DateTime) => Boxed<DateTime>(rowGroup, field, rows, v => v),
            _ when type == typeof(DateTimeOffset) => Boxed<DateTimeOffset>(rowGroup, field, rows, v => v.UtcDateTime),
            _ when type == typeof(decimal) => Boxed<decimal>(rowGroup, field, rows, v => v),
            _ => throw new ParquetException($"column '{field.Name}' has a type DataPort does not read ({type.Name})"),
        };
    }

    public static object?[] Boxed<T>(ParquetRowGroupReader rowGroup, DataField field, int rows, Func<T, object> box)
        where T : struct
    {
        var result = new object?[rows];
        if (!field.IsNullable)
        {
            var required = new T[rows];
            rowGroup.ReadAsync(field, required.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                result[i] = box(required[i]);
            }
            return result;
        }
        var values = new T?[rows];
        rowGroup.ReadAsync(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
        for (var i = 0; i < rows; i++)
        {
            result[i] = values[i] is { } value ? box(value) : null;
        }
        return result;
    }
}
