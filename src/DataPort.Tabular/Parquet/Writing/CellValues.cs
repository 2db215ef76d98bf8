using System.Globalization;

namespace DataPort.Tabular.Parquet.Writing;

/// <summary>The checks and conversions a value passes before it is buffered, so that nothing is rounded or overflows silently.</summary>
internal static class CellValues
{
    private static readonly decimal[] Powers = [.. Enumerable.Range(0, 29).Select(p => (decimal)Math.Pow(10, p))];

    private static readonly long[] UnscaledLimits = [.. Enumerable.Range(0, 19).Select(p => p == 0 ? 1L : (long)Math.Pow(10, p))];

    public static void Check(ParquetField field, object? value)
    {
        var fits = value switch
        {
            null => field.Nullable,
            bool => field.Type == ParquetType.Boolean,
            int => field.Type is ParquetType.Int32 or ParquetType.Int64 or ParquetType.Decimal,
            long => field.Type is ParquetType.Int64 or ParquetType.Decimal,
            double or float => field.Type == ParquetType.Double,
            string => field.Type is ParquetType.String or ParquetType.Binary,
            byte[] => field.Type is ParquetType.Binary or ParquetType.String,
            DateOnly => field.Type == ParquetType.Date,
            DateTime => field.Type is ParquetType.Date or ParquetType.Timestamp,
            DateTimeOffset => field.Type == ParquetType.Timestamp,
            decimal => field.Type == ParquetType.Decimal,
            _ => false,
        };
        if (!fits)
        {
            throw new ArgumentException(value is null
                ? $"column '{field.Name}' is required and cannot hold null"
                : $"column '{field.Name}' ({field.Type}) cannot hold a {value.GetType().Name}");
        }
        if (field.Type == ParquetType.Decimal && value is not null)
        {
            CheckDecimalFits(field, Convert.ToDecimal(value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Refuses a value with more decimal places than the column's scale or more digits than its precision.</summary>
    public static void CheckDecimalFits(ParquetField field, decimal value)
    {
        if (decimal.Round(value, field.Scale) != value)
        {
            throw new ArgumentException($"column '{field.Name}': {value} has more than {field.Scale} decimal places");
        }
        var integerDigits = field.Precision - field.Scale;
        if (integerDigits < Powers.Length && Math.Abs(value) >= Powers[integerDigits])
        {
            throw new ArgumentException($"column '{field.Name}': {value} does not fit decimal({field.Precision},{field.Scale})");
        }
    }

    public static decimal FromUnscaled(ParquetField field, long unscaled)
    {
        if (field.Precision < UnscaledLimits.Length && (unscaled == long.MinValue || Math.Abs(unscaled) >= UnscaledLimits[field.Precision]))
        {
            throw new ArgumentException($"column '{field.Name}': unscaled {unscaled} does not fit decimal({field.Precision},{field.Scale})");
        }
        var magnitude = unscaled < 0 ? (ulong)-unscaled : (ulong)unscaled;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, unscaled < 0, (byte)field.Scale);
    }

    /// <summary>Parquet keeps microseconds: finer ticks are dropped (towards the epoch), and Unspecified is taken as UTC.</summary>
    public static DateTime ToUtcMicroseconds(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        var sinceEpoch = utc.Ticks - DateTime.UnixEpoch.Ticks;
        return new DateTime(DateTime.UnixEpoch.Ticks + sinceEpoch / 10 * 10, DateTimeKind.Utc);
    }
}
