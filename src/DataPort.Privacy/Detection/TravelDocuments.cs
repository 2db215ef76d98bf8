namespace DataPort.Privacy.Detection;

/// <summary>Passports and the Mainland travel permits for Hong Kong and Macao (往来港澳通行证, 回乡证).</summary>
public static class TravelDocuments
{
    /// <summary>
    /// Score in [0, 1]: the current e-passport (E + 8 digits, or E + letter + 7 digits) is specific; the older
    /// G/P/S/D series and foreign 9-character passports look like many product codes, so they only score partly.
    /// </summary>
    public static double PassportScore(ReadOnlySpan<char> value)
    {
        if (value.Length == 9 && value[0] == 'E' && (char.IsAsciiDigit(value[1]) || IsUpper(value[1])) && Digits.AllDigits(value[2..]))
        {
            return 1.0;
        }
        if (value.Length == 9 && value[0] is 'G' or 'P' or 'S' or 'D' && Digits.AllDigits(value[1..]))
        {
            return 0.8;
        }
        if (value.Length is 8 or 9 && IsUpper(value[0]) && value[0] is not ('C' or 'H' or 'M') && Digits.AllDigits(value[^7..]))
        {
            return 0.3;
        }
        return 0;
    }

    /// <summary>往来港澳通行证: C + 8 digits (2014 card) or C + letter + 7 digits; 回乡证: H or M + 8 or 10 digits.</summary>
    public static bool IsHkMacauPermit(ReadOnlySpan<char> value)
    {
        if (value.Length == 9 && value[0] == 'C')
        {
            return (char.IsAsciiDigit(value[1]) || IsUpper(value[1])) && Digits.AllDigits(value[2..]);
        }
        return value.Length is 9 or 11 && value[0] is 'H' or 'M' && Digits.AllDigits(value[1..]);
    }

    private static bool IsUpper(char c) => c is >= 'A' and <= 'Z';
}
