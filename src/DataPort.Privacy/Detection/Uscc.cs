namespace DataPort.Privacy.Detection;

/// <summary>Unified social credit codes (统一社会信用代码) per GB 32100-2015.</summary>
public static class Uscc
{
    // GB 32100 uses 31 characters: digits and capitals without I, O, S, V and Z.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.Length != 18)
        {
            return false;
        }
        // Position 1 is the registering authority (1 organisation codes … 9 industry and commerce, Y others);
        // positions 3-8 are the division code.
        if (value[0] is not ('1' or '2' or '3' or '4' or '5' or '6' or '7' or '8' or '9' or 'A' or 'N' or 'Y')
            || !Digits.AllDigits(value[2..8]))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var code = Alphabet.IndexOf(char.ToUpperInvariant(value[i]));
            if (code < 0)
            {
                return false;
            }
            sum += code * Weights[i];
        }
        var check = (31 - sum % 31) % 31;
        return char.ToUpperInvariant(value[17]) == Alphabet[check];
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        }
        return Alphabet[(31 - sum % 31) % 31];
    }
}
