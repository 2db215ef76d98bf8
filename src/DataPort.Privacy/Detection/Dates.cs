namespace DataPort.Privacy.Detection;

/// <summary>Calendar dates in the forms Chinese registers use: 1985-03-07, 1985/3/7, 19850307, 1985年3月7日, 1985.03.07.</summary>
public static class Dates
{
    public static bool TryParse(ReadOnlySpan<char> value, out DateOnly date)
    {
        date = default;
        if (value.Length == 8 && Digits.AllDigits(value))
        {
            return TryCreate(Digits.Parse(value[..4]), Digits.Parse(value[4..6]), Digits.Parse(value[6..8]), out date);
        }
        if (value.Length is < 8 or > 19)
        {
            return false;
        }
        Span<int> parts = stackalloc int[3];
        var part = 0;
        var digits = 0;
        var i = 0;
        for (; i < value.Length && part < 3; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                parts[part] = parts[part] * 10 + (c - '0');
                digits++;
                continue;
            }
            if (digits == 0 || !(c is '-' or '/' or '.' or '年' or '月' or '日'))
            {
                break;
            }
            part++;
            digits = 0;
        }
        if (digits > 0 && part < 3)
        {
            part++;
        }
        // Trailing time of day (" 00:00:00") is allowed; anything else after the date is not a date.
        var rest = value[Math.Min(i, value.Length)..];
        return part == 3 && (rest.IsEmpty || rest[0] == ' ' || rest[0] == 'T') && parts[0] >= 1000
            && TryCreate(parts[0], parts[1], parts[2], out date);
    }

    private static bool TryCreate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1000 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Score in [0, 1]: any plausible past date of birth; alone it is only half a signal, the header decides.</summary>
    public static double BirthDateScore(ReadOnlySpan<char> value, DateOnly today) =>
        TryParse(value, out var date) && date.Year >= 1900 && date <= today ? 0.5 : 0;
}
