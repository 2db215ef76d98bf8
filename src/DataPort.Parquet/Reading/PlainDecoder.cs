using System.Buffers.Binary;
using System.Text;
using DataPort.Parquet.Format;
using DataPort.Parquet.Writing;

namespace DataPort.Parquet.Reading;

/// <summary>Decodes PLAIN values into the field's CLR values, checking every length against the bytes that remain.</summary>
internal static class PlainDecoder
{
    public static object?[] Decode(ColumnDescriptor column, ReadOnlySpan<byte> data, int count)
    {
        var values = new object?[count];
        switch (column.Physical)
        {
            case PhysicalType.Boolean:
                Require(data, ((long)count + 7) / 8, column);
                for (var i = 0; i < count; i++)
                {
                    values[i] = (data[i >> 3] & (1 << (i & 7))) != 0;
                }
                break;
            case PhysicalType.Int32:
                Require(data, 4L * count, column);
                for (var i = 0; i < count; i++)
                {
                    values[i] = FromInt32(column, BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]));
                }
                break;
            case PhysicalType.Int64:
                Require(data, 8L * count, column);
                for (var i = 0; i < count; i++)
                {
                    values[i] = FromInt64(column, BinaryPrimitives.ReadInt64LittleEndian(data[(8 * i)..]));
                }
                break;
            case PhysicalType.Int96:
                Require(data, 12L * count, column);
                for (var i = 0; i < count; i++)
                {
                    values[i] = FromInt96(data.Slice(12 * i, 12));
                }
                break;
            case PhysicalType.Float:
                Require(data, 4L * count, column);
                for (var i = 0; i < count; i++)
                {
                    values[i] = (double)BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
                }
                break;
            case PhysicalType.Double:
                Require(data, 8L * count, column);
                for (var i = 0; i < count; i++)
                {
                    values[i] = BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
                }
                break;
            case PhysicalType.ByteArray:
                {
                    var position = 0;
                    for (var i = 0; i < count; i++)
                    {
                        if (data.Length - position < 4)
                        {
                            throw Truncated(column);
                        }
                        var length = BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
                        position += 4;
                        if (length < 0 || length > data.Length - position)
                        {
                            throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' has a value of {length} bytes with {data.Length - position} left");
                        }
                        values[i] = FromBytes(column, data.Slice(position, length));
                        position += length;
                    }
                    break;
                }
            case PhysicalType.FixedLenByteArray:
                Require(data, (long)column.TypeLength * count, column);
                for (var i = 0; i < count; i++)
                {
                    values[i] = FromBytes(column, data.Slice(column.TypeLength * i, column.TypeLength));
                }
                break;
            default:
                throw new ParquetException($"unsupported physical type {column.Physical}");
        }
        return values;
    }

    /// <summary>Decodes a single statistics value (PLAIN without a length prefix for byte arrays).</summary>
    public static object? DecodeStatistic(ColumnDescriptor column, byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return column.Physical switch
            {
                PhysicalType.Boolean when bytes.Length >= 1 => bytes[0] != 0,
                PhysicalType.Int32 when bytes.Length >= 4 => FromInt32(column, BinaryPrimitives.ReadInt32LittleEndian(bytes)),
                PhysicalType.Int64 when bytes.Length >= 8 => FromInt64(column, BinaryPrimitives.ReadInt64LittleEndian(bytes)),
                PhysicalType.Int96 when bytes.Length >= 12 => FromInt96(bytes),
                PhysicalType.Float when bytes.Length >= 4 => (double)BinaryPrimitives.ReadSingleLittleEndian(bytes),
                PhysicalType.Double when bytes.Length >= 8 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                PhysicalType.ByteArray or PhysicalType.FixedLenByteArray => FromBytes(column, bytes),
                _ => null,
            };
        }
        catch (ParquetException)
        {
            return null;
        }
    }

    public static object FromInt32(ColumnDescriptor column, int value) => column.Field.Type switch
    {
        ParquetType.Date => ValueConversions.FromDays(value),
        ParquetType.Decimal => ValueConversions.FromUnscaled(value, column.Field.Scale),
        _ => value,
    };

    public static object FromInt64(ColumnDescriptor column, long value)
    {
        switch (column.Field.Type)
        {
            case ParquetType.Timestamp:
                {
                    long ticks;
                    try
                    {
                        ticks = column.TimestampUnit switch
                        {
                            TimeUnit.Millis => checked(value * 10_000),
                            TimeUnit.Nanos => value / 100,
                            _ => checked(value * 10),
                        };
                    }
                    catch (OverflowException)
                    {
                        throw new ParquetException($"column '{column.Field.Name}': timestamp {value} is out of range");
                    }
                    return ValueConversions.FromTicksSinceEpoch(ticks, column.TimestampUtc);
                }
            case ParquetType.Decimal:
                return ValueConversions.FromUnscaled(value, column.Field.Scale);
            default:
                return value;
        }
    }

    /// <summary>Legacy INT96 timestamps: nanoseconds of the day, then the Julian day number.</summary>
    private static DateTime FromInt96(ReadOnlySpan<byte> bytes)
    {
        var nanos = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var julianDay = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        const int UnixEpochJulianDay = 2_440_588;
        var ticks = ((Int128)julianDay - UnixEpochJulianDay) * TimeSpan.TicksPerDay + nanos / 100;
        if (ticks < long.MinValue || ticks > long.MaxValue)
        {
            throw new ParquetException("INT96 timestamp is out of range");
        }
        return ValueConversions.FromTicksSinceEpoch((long)ticks, utc: true);
    }

    public static object FromBytes(ColumnDescriptor column, ReadOnlySpan<byte> bytes) => column.Field.Type switch
    {
        ParquetType.String => Encoding.UTF8.GetString(bytes),
        ParquetType.Decimal => ValueConversions.FromUnscaled(ValueConversions.ReadBigEndian(bytes), column.Field.Scale),
        _ => bytes.ToArray(),
    };

    private static void Require(ReadOnlySpan<byte> data, long bytes, ColumnDescriptor column)
    {
        if (bytes > data.Length)
        {
            throw Truncated(column);
        }
    }

    private static ParquetException Truncated(ColumnDescriptor column) =>
        new($"corrupt Parquet page: column '{column.Field.Name}' has fewer value bytes than its page declares");
}
