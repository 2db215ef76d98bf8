namespace DataPort.Catalog.Identifiers;

/// <summary>The 18-character unified social credit code (统一社会信用代码) of GB 32100-2015.</summary>
public static class CreditCode
{
    // GB 32100-2015 uses 31 characters: digits and capitals without I, O, Z, S and V, which read as digits.
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    // GB 32100-2015 §5: weight of position i is 3^i mod 31.
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    // GB 11714-1997: the 9-character organisation code inside positions 9-17 has its own MOD 11 check.
    private static readonly int[] OrganisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("need exactly 17 characters", nameof(first17));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a GB 32100 character", nameof(first17));
            }
            sum += value * Weights[i];
        }
        return Alphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>The GB 11714 check character of an 8-character organisation code body.</summary>
    public static char OrganisationCheckCharacter(ReadOnlySpan<char> body8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body8[i];
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            sum += value * OrganisationWeights[i];
        }
        var check = 11 - (sum % 11);
        return check switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + check),
        };
    }

    /// <summary>True when the code uses the GB 32100 alphabet and both check characters are right.</summary>
    public static bool IsValid(string? code)
    {
        if (code is null || code.Length != 18)
        {
            return false;
        }
        foreach (var c in code)
        {
            if (!Alphabet.Contains(c))
            {
                return false;
            }
        }
        if (OrganisationCheckCharacter(code.AsSpan(8, 8)) != code[16])
        {
            return false;
        }
        return CheckCharacter(code.AsSpan(0, 17)) == code[17];
    }

    /// <summary>
    /// Builds a code: registration authority and entity type (e.g. "91" for an enterprise registered with
    /// market regulation, "11" for a government organ), a 6-digit division code and an 8-character body.
    /// </summary>
    public static string Create(string authorityAndType, string divisionCode, string organisationBody)
    {
        var first17 = string.Concat(authorityAndType, divisionCode, organisationBody, OrganisationCheckCharacter(organisationBody).ToString());
        return first17 + CheckCharacter(first17);
    }
}
