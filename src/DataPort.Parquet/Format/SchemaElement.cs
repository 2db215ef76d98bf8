using DataPort.Parquet.Thrift;

namespace DataPort.Parquet.Format;

internal sealed class SchemaElement
{
    public PhysicalType? Type { get; set; }

    public int? TypeLength { get; set; }

    public Repetition? Repetition { get; set; }

    public string Name { get; set; } = "";

    public int? NumChildren { get; set; }

    public ConvertedType? ConvertedType { get; set; }

    public int? Scale { get; set; }

    public int? Precision { get; set; }

    public LogicalKind Logical { get; set; }

    /// <summary>TIMESTAMP / TIME: whether values are UTC instants (isAdjustedToUTC).</summary>
    public bool LogicalUtc { get; set; }

    public TimeUnit LogicalUnit { get; set; }

    public int? ConvertedRaw { get; set; }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        if (Type is { } type)
        {
            writer.FieldI32(1, (int)type);
        }
        if (TypeLength is { } typeLength)
        {
            writer.FieldI32(2, typeLength);
        }
        if (Repetition is { } repetition)
        {
            writer.FieldI32(3, (int)repetition);
        }
        writer.FieldString(4, Name);
        if (NumChildren is { } children)
        {
            writer.FieldI32(5, children);
        }
        if (ConvertedType is { } converted)
        {
            writer.FieldI32(6, (int)converted);
        }
        if (Scale is { } scale)
        {
            writer.FieldI32(7, scale);
        }
        if (Precision is { } precision)
        {
            writer.FieldI32(8, precision);
        }
        if (Logical != LogicalKind.None)
        {
            writer.FieldStructBegin(10);
            writer.FieldStructBegin((short)Logical);
            switch (Logical)
            {
                case LogicalKind.Decimal:
                    writer.FieldI32(1, Scale ?? 0);
                    writer.FieldI32(2, Precision ?? 0);
                    break;
                case LogicalKind.Timestamp or LogicalKind.Time:
                    writer.FieldBool(1, LogicalUtc);
                    writer.FieldStructBegin(2);
                    writer.FieldStructBegin((short)LogicalUnit);
                    writer.EndStruct();
                    writer.EndStruct();
                    break;
            }
            writer.EndStruct();
            writer.EndStruct();
        }
        writer.EndStruct();
    }

    public static SchemaElement Read(ref CompactReader reader)
    {
        var result = new SchemaElement();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: result.Type = (PhysicalType)reader.ReadI32(); break;
                case 2 when type == CompactType.I32: result.TypeLength = reader.ReadI32(); break;
                case 3 when type == CompactType.I32: result.Repetition = (Repetition)reader.ReadI32(); break;
                case 4 when type == CompactType.Binary: result.Name = reader.ReadString(); break;
                case 5 when type == CompactType.I32: result.NumChildren = reader.ReadI32(); break;
                case 6 when type == CompactType.I32:
                    result.ConvertedRaw = reader.ReadI32();
                    result.ConvertedType = (ConvertedType)result.ConvertedRaw.Value;
                    break;
                case 7 when type == CompactType.I32: result.Scale = reader.ReadI32(); break;
                case 8 when type == CompactType.I32: result.Precision = reader.ReadI32(); break;
                case 10 when type == CompactType.Struct: ReadLogical(ref reader, result); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return result;
    }

    private static void ReadLogical(ref CompactReader reader, SchemaElement element)
    {
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            if (type != CompactType.Struct)
            {
                reader.Skip(type);
                continue;
            }
            element.Logical = (LogicalKind)id;
            reader.BeginStruct();
            while (reader.NextField(out var inner, out var innerType))
            {
                switch ((LogicalKind)id, inner)
                {
                    case (LogicalKind.Decimal, 1) when innerType == CompactType.I32: element.Scale = reader.ReadI32(); break;
                    case (LogicalKind.Decimal, 2) when innerType == CompactType.I32: element.Precision = reader.ReadI32(); break;
                    case (LogicalKind.Timestamp or LogicalKind.Time, 1) when innerType is CompactType.BooleanTrue or CompactType.BooleanFalse:
                        element.LogicalUtc = CompactReader.ReadBool(innerType);
                        break;
                    case (LogicalKind.Timestamp or LogicalKind.Time, 2) when innerType == CompactType.Struct:
                        element.LogicalUnit = ReadUnit(ref reader);
                        break;
                    default: reader.Skip(innerType); break;
                }
            }
            reader.EndStruct();
        }
        reader.EndStruct();
    }

    private static TimeUnit ReadUnit(ref CompactReader reader)
    {
        var unit = TimeUnit.Micros;
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            if (type == CompactType.Struct && id is >= 1 and <= 3)
            {
                unit = (TimeUnit)id;
            }
            reader.Skip(type);
        }
        reader.EndStruct();
        return unit;
    }
}
