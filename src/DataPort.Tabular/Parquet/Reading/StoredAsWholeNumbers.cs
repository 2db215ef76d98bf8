using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace DataPort.Tabular.Parquet.Reading;

/// <summary>
/// Parquet.Net 6.1 decodes DELTA_BINARY_PACKED only into whole-number fields, so a date, timestamp or decimal that
/// a format-version-2 writer stored that way fails to read as its type. Such a column is read again through a
/// stand-in whole-number field of the same name (Parquet.Net finds the chunk by name) and converted here, with the
/// unit and scale the footer gives.
/// </summary>
internal static class StoredAsWholeNumbers
{
    public static object?[]? TryRead(ParquetRowGroupReader rowGroup, DataField field, ParquetField ours, SchemaElement? element, int rows)
    {
        switch (element?.Type)
        {
            case global::Parquet.Meta.Type.INT32 when ours.Type == ParquetType.Date:
                return Read<int>(rowGroup, field, rows, days => StoredValues.Date(days) ?? throw OutOfRange(field));
            case global::Parquet.Meta.Type.INT32 when ours.Type == ParquetType.Decimal:
                return Read<int>(rowGroup, field, rows, unscaled => StoredValues.Decimal(unscaled, ours.Scale) ?? throw OutOfRange(field));
            case global::Parquet.Meta.Type.INT64 when ours.Type == ParquetType.Decimal:
                return Read<long>(rowGroup, field, rows, unscaled => StoredValues.Decimal(unscaled, ours.Scale) ?? throw OutOfRange(field));
            case global::Parquet.Meta.Type.INT64 when ours.Type == ParquetType.Timestamp:
                return Read<long>(rowGroup, field, rows, value => StoredValues.Timestamp(value, element) ?? throw OutOfRange(field));
            default:
                return null;
        }
    }

    private static ParquetException OutOfRange(DataField field) => new($"column '{field.Name}' holds a value outside what DataPort can represent");

    private static object?[] Read<T>(ParquetRowGroupReader rowGroup, DataField field, int rows, Func<T, object> convert)
        where T : struct
    {
        var standIn = new DataField<T>(field.Name, field.IsNullable);
        _ = new global::Parquet.Schema.ParquetSchema(standIn);
        return ColumnValues.Boxed(rowGroup, standIn, rows, convert);
    }
}
