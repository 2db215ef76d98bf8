namespace DataPort.Tabular.Parquet.Writing;

internal static class ColumnBuffers
{
    public static ColumnBuffer Create(ParquetField field, int rowGroupRows) => field.Type switch
    {
        ParquetType.Boolean => new FixedColumnBuffer<bool>(field, rowGroupRows),
        ParquetType.Int32 => new FixedColumnBuffer<int>(field, rowGroupRows),
        ParquetType.Int64 => new FixedColumnBuffer<long>(field, rowGroupRows),
        ParquetType.Double => new FixedColumnBuffer<double>(field, rowGroupRows),
        ParquetType.Date => new FixedColumnBuffer<DateOnly>(field, rowGroupRows),
        ParquetType.Timestamp => new FixedColumnBuffer<DateTime>(field, rowGroupRows),
        ParquetType.Decimal => new FixedColumnBuffer<decimal>(field, rowGroupRows),
        ParquetType.String => new SliceColumnBuffer<char>(field, rowGroupRows),
        ParquetType.Binary => new SliceColumnBuffer<byte>(field, rowGroupRows),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field.Type, "unknown column type"),
    };
}
