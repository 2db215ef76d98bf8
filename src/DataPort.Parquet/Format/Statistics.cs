using DataPort.Parquet.Thrift;

namespace DataPort.Parquet.Format;

internal sealed class Statistics
{
    /// <summary>Deprecated signed-order max (field 1), read only for old writers.</summary>
    public byte[]? LegacyMax { get; set; }

    public byte[]? LegacyMin { get; set; }

    public long? NullCount { get; set; }

    public long? DistinctCount { get; set; }

    public byte[]? MaxValue { get; set; }

    public byte[]? MinValue { get; set; }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        if (NullCount is { } nullCount)
        {
            writer.FieldI64(3, nullCount);
        }
        if (MaxValue is not null)
        {
            writer.FieldBinary(5, MaxValue);
        }
        if (MinValue is not null)
        {
            writer.FieldBinary(6, MinValue);
        }
        writer.EndStruct();
    }

    public static Statistics Read(ref CompactReader reader)
    {
        var result = new Statistics();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.Binary: result.LegacyMax = reader.ReadBinary(); break;
                case 2 when type == CompactType.Binary: result.LegacyMin = reader.ReadBinary(); break;
                case 3 when type == CompactType.I64: result.NullCount = reader.ReadI64(); break;
                case 4 when type == CompactType.I64: result.DistinctCount = reader.ReadI64(); break;
                case 5 when type == CompactType.Binary: result.MaxValue = reader.ReadBinary(); break;
                case 6 when type == CompactType.Binary: result.MinValue = reader.ReadBinary(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return result;
    }
}
