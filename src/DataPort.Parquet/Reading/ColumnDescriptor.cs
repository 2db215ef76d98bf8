using DataPort.Parquet.Format;

namespace DataPort.Parquet.Reading;

/// <summary>A leaf column as the reader needs it: logical field plus physical storage details.</summary>
internal sealed record ColumnDescriptor(
    ParquetField Field,
    PhysicalType Physical,
    int TypeLength,
    int MaxDefinitionLevel,
    TimeUnit TimestampUnit,
    bool TimestampUtc,
    string? LogicalName);

internal static class SchemaReader
{
    public static List<ColumnDescriptor> Read(List<SchemaElement> elements)
    {
        if (elements.Count < 2)
        {
            throw new ParquetException("corrupt Parquet metadata: the schema has no columns");
        }
        var root = elements[0];
        if (root.NumChildren is not { } children || children != elements.Count - 1)
        {
            throw new ParquetException("unsupported Parquet schema: only flat columns (no nested groups) are read");
        }
        var result = new List<ColumnDescriptor>(children);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < elements.Count; i++)
        {
            var element = elements[i];
            if (element.NumChildren is > 0 || element.Type is null)
            {
                throw new ParquetException($"unsupported Parquet schema: column '{element.Name}' is a nested group");
            }
            if (element.Repetition == Repetition.Repeated)
            {
                throw new ParquetException($"unsupported Parquet schema: column '{element.Name}' is repeated");
            }
            if (!names.Add(element.Name) || element.Name.Length == 0)
            {
                throw new ParquetException($"corrupt Parquet metadata: column name '{element.Name}' is empty or repeated");
            }
            result.Add(Describe(element));
        }
        return result;
    }

    private static ColumnDescriptor Describe(SchemaElement element)
    {
        var nullable = element.Repetition != Repetition.Required;
        var physical = element.Type!.Value;
        var isDecimal = element.Logical == LogicalKind.Decimal || element.ConvertedType == ConvertedType.Decimal;
        var isString = element.Logical is LogicalKind.String or LogicalKind.Enum or LogicalKind.Json
            || element.ConvertedRaw is 0 or 4 or 19;
        var isDate = element.Logical == LogicalKind.Date || element.ConvertedType == ConvertedType.Date;
        var timestampUnit = element.Logical == LogicalKind.Timestamp ? element.LogicalUnit
            : element.ConvertedType == ConvertedType.TimestampMillis ? TimeUnit.Millis
            : element.ConvertedType == ConvertedType.TimestampMicros ? TimeUnit.Micros
            : (TimeUnit)0;
        var utc = element.Logical != LogicalKind.Timestamp || element.LogicalUtc;
        ParquetType type;
        switch (physical)
        {
            case PhysicalType.Boolean:
                type = ParquetType.Boolean;
                break;
            case PhysicalType.Int32:
                type = isDecimal ? ParquetType.Decimal : isDate ? ParquetType.Date : ParquetType.Int32;
                break;
            case PhysicalType.Int64:
                type = isDecimal ? ParquetType.Decimal : timestampUnit != 0 ? ParquetType.Timestamp : ParquetType.Int64;
                break;
            case PhysicalType.Int96:
                type = ParquetType.Timestamp;
                timestampUnit = TimeUnit.Nanos;
                break;
            case PhysicalType.Float or PhysicalType.Double:
                type = ParquetType.Double;
                break;
            case PhysicalType.ByteArray:
                type = isDecimal ? ParquetType.Decimal : isString ? ParquetType.String : ParquetType.Binary;
                break;
            case PhysicalType.FixedLenByteArray:
                if (element.TypeLength is not (> 0 and <= 1 << 20))
                {
                    throw new ParquetException($"corrupt Parquet metadata: column '{element.Name}' has fixed length {element.TypeLength}");
                }
                type = isDecimal ? ParquetType.Decimal : ParquetType.Binary;
                break;
            default:
                throw new ParquetException($"corrupt Parquet metadata: column '{element.Name}' has unknown physical type {(int)physical}");
        }
        ParquetField field;
        if (type == ParquetType.Decimal)
        {
            var precision = element.Precision ?? 0;
            var scale = element.Scale ?? 0;
            if (precision is < 1 or > 38 || scale < 0 || scale > precision || scale > 28)
            {
                throw new ParquetException($"unsupported Parquet schema: column '{element.Name}' is decimal({precision},{scale})");
            }
            field = ParquetField.Decimal(element.Name, precision, scale, nullable);
        }
        else
        {
            field = new ParquetField(element.Name, type, nullable);
        }
        return new ColumnDescriptor(field, physical, element.TypeLength ?? 0, nullable ? 1 : 0, timestampUnit, utc, LogicalName(element));
    }

    private static string? LogicalName(SchemaElement element) => element.Logical switch
    {
        LogicalKind.None => element.ConvertedRaw is { } raw ? $"converted:{raw}" : null,
        LogicalKind.Decimal => $"DECIMAL({element.Precision},{element.Scale})",
        LogicalKind.Timestamp => $"TIMESTAMP({element.LogicalUnit.ToString().ToUpperInvariant()},{(element.LogicalUtc ? "UTC" : "local")})",
        _ => element.Logical.ToString().ToUpperInvariant(),
    };
}
