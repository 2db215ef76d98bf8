namespace DataPort.Privacy.Detection;

/// <summary>Mainland mobile (MIIT numbering plan) and fixed-line numbers.</summary>
public static class Phone
{
    public static bool IsMobile(ReadOnlySpan<char> value)
    {
        Span<char> buffer = stackalloc char[20];
        var length = Digits.StripSeparators(value, buffer);
        if (length < 0)
        {
            return false;
        }
        ReadOnlySpan<char> number = buffer[..length];
        if (number.StartsWith("+86"))
        {
            number = number[3..];
        }
        else if (number.Length == 13 && number.StartsWith("86"))
        {
            number = number[2..];
        }
        return number.Length == 11 && Digits.AllDigits(number) && IsMobilePrefix(number[1], number[2]) && number[0] == '1';
    }

    // Allocated blocks: 13x, 145-149, 150-153 and 155-159, 162 and 165-167, 170-178, 18x, 19x.
    private static bool IsMobilePrefix(char second, char third) => second switch
    {
        '3' or '8' or '9' => true,
        '4' => third is >= '5' and <= '9',
        '5' => third != '4',
        '6' => third is '2' or '5' or '6' or '7',
        '7' => third != '9',
        _ => false,
    };

    /// <summary>Fixed lines with a trunk prefix: 010 and 02x take 8 digits, other 0xxx codes 7 or 8.</summary>
    public static bool IsLandline(ReadOnlySpan<char> value)
    {
        Span<char> buffer = stackalloc char[24];
        var n = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-' or '(' or ')' or '（' or '）')
            {
                continue;
            }
            if (n == buffer.Length)
            {
                return false;
            }
            buffer[n++] = c;
        }
        ReadOnlySpan<char> number = buffer[..n];
        if (number.StartsWith("+86"))
        {
            number = string.Concat("0", number[3..].ToString()).AsSpan();
        }
        if (!Digits.AllDigits(number) || number.Length < 10 || number[0] != '0')
        {
            return false;
        }
        var areaLength = number[1] is '1' or '2' ? 3 : 4;
        if (number[1] == '0' || (number[1] == '1' && number[2] != '0'))
        {
            return false;
        }
        var local = number[areaLength..];
        return local.Length is 7 or 8 && local[0] is not ('0' or '1');
    }
}
