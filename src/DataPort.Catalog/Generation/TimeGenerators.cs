using System.Globalization;

namespace DataPort.Catalog.Generation;

internal sealed class DateGenerator(DateOnly from, DateOnly to) : ValueGenerator
{
    public override string Next(Random random, RowContext row) =>
        from.AddDays(random.Next(to.DayNumber - from.DayNumber + 1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override string Variant(string value, Random random) => Respell(value, random);

    /// <summary>2024-03-05 as other systems write it: 2024/3/5, 20240305 or 2024年3月5日.</summary>
    public static string Respell(string isoDate, Random random)
    {
        var date = DateOnly.ParseExact(isoDate[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rest = isoDate[10..];
        return random.Next(3) switch
        {
            0 => date.ToString("yyyy/M/d", CultureInfo.InvariantCulture) + rest,
            1 => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + rest,
            _ => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) + rest,
        };
    }
}

internal sealed class MonthGenerator(DateOnly from, DateOnly to) : ValueGenerator
{
    public override string Next(Random random, RowContext row)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        return from.AddMonths(random.Next(months + 1)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    public override string Variant(string value, Random random) => value.Replace('-', '/');
}

/// <summary>Instants on a minute grid between two times, in local Xiamen time as the source systems record them.</summary>
internal sealed class TimestampGenerator(DateTime from, DateTime to, int stepMinutes, int firstHour, int lastHour) : ValueGenerator
{
    public override string Next(Random random, RowContext row)
    {
        var days = (int)(to.Date - from.Date).TotalDays;
        var day = from.Date.AddDays(random.Next(days + 1));
        var minutes = (firstHour * 60) + (random.Next(((lastHour - firstHour + 1) * 60) / stepMinutes) * stepMinutes);
        var value = day.AddMinutes(minutes);
        if (value < from)
        {
            value = from;
        }
        if (value > to)
        {
            value = to;
        }
        if (stepMinutes == 1)
        {
            value = value.AddSeconds(random.Next(60));
        }
        return value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    public override string Variant(string value, Random random) => random.Next(2) == 0
        ? value.Replace(' ', 'T')
        : DateGenerator.Respell(value, random)[..^3];
}

/// <summary>Clock times on a grid: first and last departures, opening hours.</summary>
internal sealed class TimeOfDayGenerator(TimeOnly from, TimeOnly to, int stepMinutes) : ValueGenerator
{
    public override string Next(Random random, RowContext row)
    {
        var slots = (int)((to - from).TotalMinutes / stepMinutes);
        return from.AddMinutes(random.Next(slots + 1) * stepMinutes).ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    // Hand-filled timetables drop the leading zero or type a full-width colon.
    public override string Variant(string value, Random random) => value[0] == '0' ? value[1..] : value.Replace(':', '：');
}

/// <summary>Some minutes after an earlier time or timestamp column of the same row: end after start.</summary>
internal sealed class AfterGenerator(string column, int minMinutes, int maxMinutes) : ValueGenerator
{
    public override IReadOnlyList<string> DependsOn => [column];

    public override string Next(Random random, RowContext row)
    {
        var start = row.Get(column);
        var minutes = random.Next(minMinutes, maxMinutes + 1);
        if (start.Length == 5 && TimeOnly.TryParseExact(start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time.AddMinutes(minutes).ToString("HH:mm", CultureInfo.InvariantCulture);
        }
        var instant = DateTime.ParseExact(start, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return instant.AddMinutes(minutes).AddSeconds(random.Next(60)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    public override string Variant(string value, Random random) => value.Length == 5 ? value : value.Replace(' ', 'T');
}
