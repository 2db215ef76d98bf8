using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace DataPort.Parquet.Csv;

/// <summary>Parses CSV text (UTF-8) into typed values, the same way for type inference and for writing.</summary>
public static class CsvValues
{
    public static bool IsBlank(ReadOnlySpan<byte> text) => text.Trim((byte)' ').IsEmpty;

    public static bool TryParseBoolean(ReadOnlySpan<byte> text, out bool value)
    {
        if (Ascii.EqualsIgnoreCase(text, "true"u8))
        {
            value = true;
            return true;
        }
        value = false;
        return Ascii.EqualsIgnoreCase(text, "false"u8);
    }

    /// <summary>
    /// A plain decimal number: optional '-', digits, optional '.' and digits. A leading zero before more
    /// digits ("007") is refused so identifiers such as postcodes stay text.
    /// </summary>
    public static bool TryScanNumber(ReadOnlySpan<byte> text, out int integerDigits, out int scale)
    {
        integerDigits = 0;
        scale = 0;
        var i = 0;
        if (i < text.Length && text[i] == (byte)'-')
        {
            i++;
        }
        var intStart = i;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            i++;
        }
        var intLength = i - intStart;
        if (intLength == 0 || (intLength > 1 && text[intStart] == (byte)'0'))
        {
            return false;
        }
        if (i < text.Length)
        {
            if (text[i] != (byte)'.')
            {
                return false;
            }
            i++;
            var fractionStart = i;
            while (i < text.Length && char.IsAsciiDigit((char)text[i]))
            {
                i++;
            }
            scale = i - fractionStart;
            if (scale == 0 || i != text.Length)
            {
                return false;
            }
        }
        // Significant integer digits: "0.5" has none before the point.
        integerDigits = intLength == 1 && text[intStart] == (byte)'0' ? 0 : intLength;
        return true;
    }

    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;

    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        if (Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length)
        {
            return true;
        }
        return double.TryParse(Encoding.UTF8.GetString(text), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The unscaled integer of a plain decimal at <paramref name="scale"/> (at most 18 digits in all).</summary>
    public static bool TryParseUnscaled(ReadOnlySpan<byte> text, int scale, out long unscaled)
    {
        unscaled = 0;
        var negative = text.Length > 0 && text[0] == (byte)'-';
        var i = negative ? 1 : 0;
        var fractionDigits = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == (byte)'.')
            {
                if (fractionDigits >= 0)
                {
                    return false;
                }
                fractionDigits = 0;
                continue;
            }
            if (!char.IsAsciiDigit((char)c))
            {
                return false;
            }
            if (fractionDigits >= 0 && ++fractionDigits > scale)
            {
                return false;
            }
            unscaled = checked(unscaled * 10 + (c - '0'));
        }
        for (var pad = Math.Max(fractionDigits, 0); pad < scale; pad++)
        {
            unscaled = checked(unscaled * 10);
        }
        if (negative)
        {
            unscaled = -unscaled;
        }
        return true;
    }

    /// <summary>yyyy-MM-dd.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out DateOnly value)
    {
        value = default;
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        value = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>yyyy-MM-dd[T ]HH:mm[:ss[.fraction]] with an optional Z or ±HH:mm offset (no offset means UTC), or a bare date (midnight).</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        if (text.Length == 10)
        {
            var isDate = TryParseDate(text, out var day);
            value = isDate ? day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : default;
            return isDate;
        }
        if (text.Length < 16 || (text[10] != (byte)'T' && text[10] != (byte)' ') || !TryParseDate(text[..10], out var date)
            || text[13] != (byte)':' || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }
        var i = 16;
        var second = 0;
        long fractionTicks = 0;
        if (i < text.Length && text[i] == (byte)':')
        {
            if (text.Length < 19 || !TryDigits(text.Slice(17, 2), out second) || second > 59)
            {
                return false;
            }
            i = 19;
            if (i < text.Length && text[i] == (byte)'.')
            {
                i++;
                var digits = 0;
                long scaleTicks = TimeSpan.TicksPerSecond;
                while (i < text.Length && char.IsAsciiDigit((char)text[i]))
                {
                    if (digits < 7)
                    {
                        scaleTicks /= 10;
                        fractionTicks += (text[i] - '0') * scaleTicks;
                    }
                    digits++;
                    i++;
                }
                if (digits == 0)
                {
                    return false;
                }
            }
        }
        var ticks = date.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Utc).Ticks + fractionTicks;
        if (i < text.Length)
        {
            var rest = text[i..];
            if (rest.Length == 1 && rest[0] is (byte)'Z' or (byte)'z')
            {
                // UTC already.
            }
            else if (rest.Length == 6 && rest[0] is (byte)'+' or (byte)'-' && rest[3] == (byte)':'
                && TryDigits(rest.Slice(1, 2), out var offsetHours) && TryDigits(rest.Slice(4, 2), out var offsetMinutes)
                && offsetHours <= 14 && offsetMinutes <= 59)
            {
                var offset = (offsetHours * 60L + offsetMinutes) * TimeSpan.TicksPerMinute;
                ticks -= rest[0] == (byte)'+' ? offset : -offset;
            }
            else
            {
                return false;
            }
        }
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        value = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit((char)c))
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
