namespace DataPort.Privacy.Detection;

/// <summary>Payment card numbers (ISO/IEC 7812).</summary>
public static class BankCard
{
    /// <summary>
    /// Score in [0, 1]: Luhn is only a soft signal because some Chinese debit cards (older UnionPay BINs)
    /// do not carry a Luhn check digit; a UnionPay prefix without Luhn still scores, a random number does not.
    /// </summary>
    public static double Score(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[24];
        var length = Digits.StripSeparators(value, digits);
        if (length is < 16 or > 19 || !Digits.AllDigits(digits[..length]))
        {
            return 0;
        }
        var number = digits[..length];
        var knownIssuer = number[0] is '3' or '4' or '5' or '6' || number.StartsWith("9");
        if (!knownIssuer)
        {
            return 0;
        }
        if (Luhn(number))
        {
            return 1.0;
        }
        return number.StartsWith("62") ? 0.6 : 0.2;
    }

    public static bool Luhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
