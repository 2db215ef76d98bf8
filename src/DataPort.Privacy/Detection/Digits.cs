namespace DataPort.Privacy.Detection;

internal static class Digits
{
    public static bool AllDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return value.Length > 0;
    }

    /// <summary>Parses ASCII digits already checked by <see cref="AllDigits"/>.</summary>
    public static int Parse(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
        {
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /// <summary>Copies the value without the separators people type inside numbers (spaces, dashes).</summary>
    public static int StripSeparators(ReadOnlySpan<char> value, Span<char> destination)
    {
        var n = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-')
            {
                continue;
            }
            if (n == destination.Length)
            {
                return -1;
            }
            destination[n++] = c;
        }
        return n;
    }
}
