namespace DataPort.Catalog.Identifiers;

/// <summary>The 18-character citizen identity number of GB 11643-1999.</summary>
public static class ResidentIdNumber
{
    // GB 11643-1999 §8.2: weight of position i is 2^(17-i) mod 11, and the check character is the
    // ISO 7064 MOD 11-2 residue, written as X where the residue calls for 10.
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>The check character for the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("need exactly 17 digits", nameof(first17));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = first17[i] - '0';
            if (digit is < 0 or > 9)
            {
                throw new ArgumentException("only digits may precede the check character", nameof(first17));
            }
            sum += digit * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>True when the number has 17 digits, a real date of birth and the right check character.</summary>
    public static bool IsValid(string? number)
    {
        if (number is null || number.Length != 18)
        {
            return false;
        }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                return false;
            }
        }
        if (!DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", out _))
        {
            return false;
        }
        return char.ToUpperInvariant(number[17]) == CheckCharacter(number.AsSpan(0, 17)) && number[17] != 'x';
    }

    /// <summary>Builds a number from its parts: region code, birth date and the 3-digit sequence (odd = male).</summary>
    public static string Create(string regionCode, DateOnly birthDate, int sequence)
    {
        var body = string.Concat(regionCode, birthDate.ToString("yyyyMMdd"), sequence.ToString("D3"));
        return body + CheckCharacter(body);
    }
}
