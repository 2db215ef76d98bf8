namespace DataPort.Parquet.Writing;

/// <summary>CLR values to Parquet's stored forms (days and microseconds since the Unix epoch, unscaled decimals).</summary>
internal static class ValueConversions
{
    /// <summary>DayNumber of 1970-01-01, as a constant so the per-value date conversion needs no static field.</summary>
    private const int EpochDay = 719_162;

    public static int ToDays(DateOnly date) => date.DayNumber - EpochDay;

    public static DateOnly FromDays(long days)
    {
        var dayNumber = EpochDay + days;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            throw new ParquetException($"date {days} days from 1970-01-01 is outside the supported range");
        }
        return DateOnly.FromDayNumber((int)dayNumber);
    }

    /// <summary>Unspecified kinds are taken as UTC: DataPort's timestamps are UTC throughout.</summary>
    public static long ToMicros(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    }

    public static DateTime FromTicksSinceEpoch(long ticks, bool utc)
    {
        var total = DateTime.UnixEpoch.Ticks + (Int128)ticks;
        if (total < DateTime.MinValue.Ticks || total > DateTime.MaxValue.Ticks)
        {
            throw new ParquetException("timestamp is outside the supported range");
        }
        return new DateTime((long)total, utc ? DateTimeKind.Utc : DateTimeKind.Unspecified);
    }

    private static readonly decimal[] Powers = CreatePowers();

    private static decimal[] CreatePowers()
    {
        var powers = new decimal[29];
        powers[0] = 1m;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10m;
        }
        return powers;
    }

    /// <summary>The unscaled integer of <paramref name="value"/> at the column's scale; refuses to round or overflow silently.</summary>
    public static Int128 ToUnscaled(decimal value, ParquetField field)
    {
        if (decimal.Round(value, field.Scale) != value)
        {
            throw new ArgumentException($"column '{field.Name}': {value} has more than {field.Scale} decimal places");
        }
        decimal scaled;
        try
        {
            scaled = decimal.Truncate(value * Powers[field.Scale]);
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"column '{field.Name}': {value} does not fit decimal({field.Precision},{field.Scale})");
        }
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(scaled, bits);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var limit = Int128.One;
        for (var i = 0; i < field.Precision; i++)
        {
            limit *= 10;
        }
        if (magnitude >= limit)
        {
            throw new ArgumentException($"column '{field.Name}': {value} does not fit decimal({field.Precision},{field.Scale})");
        }
        return bits[3] < 0 ? -magnitude : magnitude;
    }

    public static decimal FromUnscaled(Int128 unscaled, int scale)
    {
        if (scale is < 0 or > 28)
        {
            throw new ParquetException($"decimal scale {scale} is not supported (0 to 28)");
        }
        var negative = unscaled < 0;
        var magnitude = negative ? -unscaled : unscaled;
        if (magnitude >= (Int128.One << 96))
        {
            throw new ParquetException("decimal value is too large for System.Decimal");
        }
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }

    public static void WriteBigEndian(Int128 value, Span<byte> output)
    {
        for (var i = output.Length - 1; i >= 0; i--)
        {
            output[i] = (byte)value;
            value >>= 8;
        }
    }

    public static Int128 ReadBigEndian(ReadOnlySpan<byte> input)
    {
        if (input.Length is 0 or > 16)
        {
            throw new ParquetException($"decimal of {input.Length} bytes is not supported");
        }
        Int128 value = (sbyte)input[0];
        for (var i = 1; i < input.Length; i++)
        {
            value = (value << 8) | input[i];
        }
        return value;
    }
}
