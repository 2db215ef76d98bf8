using DataPort.Parquet.Format;

namespace DataPort.Parquet.Writing;

/// <summary>How each logical <see cref="ParquetType"/> is stored: physical type, annotations, decimal width.</summary>
internal static class SchemaMapping
{
    public static PhysicalType PhysicalTypeOf(ParquetField field) => field.Type switch
    {
        ParquetType.Boolean => PhysicalType.Boolean,
        ParquetType.Int32 or ParquetType.Date => PhysicalType.Int32,
        ParquetType.Int64 or ParquetType.Timestamp => PhysicalType.Int64,
        ParquetType.Double => PhysicalType.Double,
        ParquetType.String or ParquetType.Binary => PhysicalType.ByteArray,
        ParquetType.Decimal => field.Precision <= 9 ? PhysicalType.Int32
            : field.Precision <= 18 ? PhysicalType.Int64
            : PhysicalType.FixedLenByteArray,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field.Type, "unknown column type"),
    };

    /// <summary>Smallest two's complement width that holds every value of the precision.</summary>
    public static int DecimalByteLength(int precision) => (int)Math.Ceiling((precision * Math.Log2(10) + 1) / 8);

    public static List<SchemaElement> ToElements(ParquetSchema schema)
    {
        var elements = new List<SchemaElement>(schema.Fields.Count + 1)
        {
            new() { Name = "schema", NumChildren = schema.Fields.Count, Repetition = Repetition.Required },
        };
        foreach (var field in schema.Fields)
        {
            var element = new SchemaElement
            {
                Name = field.Name,
                Type = PhysicalTypeOf(field),
                Repetition = field.Nullable ? Repetition.Optional : Repetition.Required,
            };
            switch (field.Type)
            {
                case ParquetType.String:
                    element.ConvertedType = ConvertedType.Utf8;
                    element.Logical = LogicalKind.String;
                    break;
                case ParquetType.Date:
                    element.ConvertedType = ConvertedType.Date;
                    element.Logical = LogicalKind.Date;
                    break;
                case ParquetType.Timestamp:
                    element.ConvertedType = ConvertedType.TimestampMicros;
                    element.Logical = LogicalKind.Timestamp;
                    element.LogicalUtc = true;
                    element.LogicalUnit = TimeUnit.Micros;
                    break;
                case ParquetType.Decimal:
                    element.ConvertedType = ConvertedType.Decimal;
                    element.Logical = LogicalKind.Decimal;
                    element.Precision = field.Precision;
                    element.Scale = field.Scale;
                    if (element.Type == PhysicalType.FixedLenByteArray)
                    {
                        element.TypeLength = DecimalByteLength(field.Precision);
                    }
                    break;
            }
            elements.Add(element);
        }
        return elements;
    }

    public static ColumnWriter CreateWriter(ParquetField field, ParquetWriterOptions options) => field.Type switch
    {
        ParquetType.Boolean => new BooleanColumnWriter(field, options),
        ParquetType.Int32 or ParquetType.Date => new FixedColumnWriter<int>(field, PhysicalType.Int32, options),
        ParquetType.Int64 or ParquetType.Timestamp => new FixedColumnWriter<long>(field, PhysicalType.Int64, options),
        ParquetType.Double => new FixedColumnWriter<double>(field, PhysicalType.Double, options),
        ParquetType.String or ParquetType.Binary => new ByteArrayColumnWriter(field, options),
        ParquetType.Decimal when field.Precision <= 9 => new FixedColumnWriter<int>(field, PhysicalType.Int32, options),
        ParquetType.Decimal when field.Precision <= 18 => new FixedColumnWriter<long>(field, PhysicalType.Int64, options),
        ParquetType.Decimal => new ByteArrayColumnWriter(field, options, DecimalByteLength(field.Precision), signedOrder: true),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field.Type, "unknown column type"),
    };
}
