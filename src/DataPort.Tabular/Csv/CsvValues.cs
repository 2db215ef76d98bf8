using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataPort.Tabular.Csv;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// A plain integer as <see cref="TryScanNumber"/> accepts it (no fraction) of at most 18 digits, so it
    /// cannot overflow; <paramref name="integerDigits"/> counts as TryScanNumber does. Other forms: false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParsePlainInteger(ReadOnlySpan<byte> text, out long value, out int integerDigits)
    {
        value = 0;
        integerDigits = 0;
        var negative = !text.IsEmpty && text[0] == (byte)'-';
        var digits = negative ? text[1..] : text;
        if (digits.IsEmpty || digits.Length > 18 || (digits[0] == (byte)'0' && digits.Length > 1))
        {
            return false;
        }
        long magnitude = 0;
        foreach (var c in digits)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }
            magnitude = magnitude * 10 + digit;
        }
        value = negative ? -magnitude : magnitude;
        integerDigits = digits.Length == 1 && magnitude == 0 ? 0 : digits.Length;
        return true;
    }

    /// <summary>
    /// A plain decimal number (as <see cref="TryScanNumber"/> accepts it) of at most 19 significant digits,
    /// correctly rounded like <see cref="double.Parse(string)"/>; other forms (and zero, for its sign) return false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParsePlainDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var negative = !text.IsEmpty && text[0] == (byte)'-';
        var i = negative ? 1 : 0;
        var intStart = i;
        ulong mantissa = 0;
        var digits = 0;
        for (; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                break;
            }
            mantissa = mantissa * 10 + digit;
            digits++;
        }
        var intLength = i - intStart;
        if (intLength == 0 || (intLength > 1 && text[intStart] == (byte)'0'))
        {
            return false;
        }
        var scale = 0;
        if (i < text.Length)
        {
            if (text[i] != (byte)'.')
            {
                return false;
            }
            for (i++; i < text.Length; i++)
            {
                var digit = (uint)(text[i] - '0');
                if (digit > 9)
                {
                    return false;
                }
                // Leading zeros of the fraction do not count towards the 19 digits that fit a ulong.
                if (mantissa != 0 || digit != 0)
                {
                    digits++;
                }
                mantissa = mantissa * 10 + digit;
                scale++;
            }
            if (scale == 0)
            {
                return false;
            }
        }
        if (digits > 19 || mantissa == 0 || scale > 19)
        {
            return false;
        }
        value = mantissa <= 1UL << 53 && scale <= 22
            ? mantissa / ExactPowersOfTen[scale]
            : DivideByPowerOfTen(mantissa, scale);
        if (negative)
        {
            value = -value;
        }
        return true;
    }

    // Every power of ten up to 1e22 is exact in a double, so one IEEE division rounds correctly (Clinger's fast path).
    // Tables are spans over constant data, not static arrays: hot methods compiled before the class is
    // initialised would otherwise reach a static field through a helper call on every value.
    private static ReadOnlySpan<double> ExactPowersOfTen =>
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>
    /// mantissa / 10^scale rounded to nearest, ties to even, for mantissas too wide for the fast path: a 128-bit
    /// long division gives at least 62 quotient bits, the remainder decides exact ties.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double DivideByPowerOfTen(ulong mantissa, int scale)
    {
        var divisor = PowersOfTen[scale];
        var shift = 63 + System.Numerics.BitOperations.LeadingZeroCount(mantissa);
        var numerator = (UInt128)mantissa << shift;
        var (quotient, remainder) = UInt128.DivRem(numerator, divisor);
        var bits = 128 - (int)UInt128.LeadingZeroCount(quotient);
        var drop = bits - 53;
        var top = (ulong)(quotient >> drop);
        var rest = quotient & ((UInt128.One << drop) - 1);
        var half = UInt128.One << (drop - 1);
        if (rest > half || (rest == half && (remainder != 0 || (top & 1) == 1)))
        {
            top++;
            if (top == 1UL << 53)
            {
                top >>= 1;
                drop++;
            }
        }
        return Math.ScaleB(top, drop - shift);
    }

    private static ReadOnlySpan<ulong> PowersOfTen =>
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
