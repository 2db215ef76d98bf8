using DataPort.Parquet.Format;

namespace DataPort.Parquet.Reading;

/// <summary>Encodings other writers may use that DataPort itself never writes.</summary>
internal static class DeltaDecoders
{
    public static object?[] Decode(ColumnDescriptor column, ValueEncoding encoding, ReadOnlySpan<byte> data, int count) =>
        throw new ParquetException($"column '{column.Field.Name}' uses encoding {encoding}, which this reader does not support");
}
