using System.Numerics;
using Parquet.Meta;

namespace DataPort.Tabular.Parquet.Reading;

/// <summary>
/// Parquet's stored forms (days since the epoch, unscaled decimals, timestamps in the footer's unit) as CLR values:
/// one place for the statistics <c>parquet inspect</c> shows and for the columns Parquet.Net reads only as numbers.
/// Each returns null when the stored number has no CLR value (out of range, too wide).
/// </summary>
internal static class StoredValues
{
    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static DateOnly? Date(long days) =>
        EpochDay + days is var day && day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber ? DateOnly.FromDayNumber((int)day) : null;

    public static decimal? Decimal(BigInteger unscaled, int scale)
    {
        try
        {
            return (decimal)unscaled / (decimal)BigInteger.Pow(10, scale);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>In the unit the column's TIMESTAMP annotation names (microseconds when it names none); UTC unless it says local.</summary>
    public static DateTime? Timestamp(long value, SchemaElement element)
    {
        var unit = element.LogicalType?.TIMESTAMP?.Unit;
        var ticks = unit?.MILLIS is not null ? (Int128)value * TimeSpan.TicksPerMillisecond : unit?.NANOS is not null ? value / 100 : (Int128)value * 10;
        var total = DateTime.UnixEpoch.Ticks + ticks;
        var kind = element.LogicalType?.TIMESTAMP?.IsAdjustedToUTC == false ? DateTimeKind.Unspecified : DateTimeKind.Utc;
        return total < DateTime.MinValue.Ticks || total > DateTime.MaxValue.Ticks ? null : new DateTime((long)total, kind);
    }
}
