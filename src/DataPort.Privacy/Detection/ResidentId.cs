namespace DataPort.Privacy.Detection;

/// <summary>Citizen identity numbers (公民身份号码) per GB 11643-1999, and the 15-digit form issued before 1999.</summary>
public static class ResidentId
{
    // GB 11643 / ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11.
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public static bool IsValid(ReadOnlySpan<char> value, DateOnly today) => value.Length switch
    {
        18 => IsValid18(value, today),
        15 => IsValid15(value, today),
        _ => false,
    };

    public static bool IsValid(ReadOnlySpan<char> value) => IsValid(value, DateOnly.FromDateTime(DateTime.UtcNow));

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    private static bool IsValid18(ReadOnlySpan<char> value, DateOnly today)
    {
        if (!Digits.AllDigits(value[..17]))
        {
            return false;
        }
        var check = char.ToUpperInvariant(value[17]);
        return check == CheckCharacter(value[..17])
            && RegionCodes.IsPlausible(value[..6])
            && IsPlausibleBirthDate(Digits.Parse(value[6..10]), Digits.Parse(value[10..12]), Digits.Parse(value[12..14]), today);
    }

    // The legacy form has no check digit and a two-digit year that always meant 19xx.
    private static bool IsValid15(ReadOnlySpan<char> value, DateOnly today) =>
        Digits.AllDigits(value)
        && RegionCodes.IsPlausible(value[..6])
        && IsPlausibleBirthDate(1900 + Digits.Parse(value[6..8]), Digits.Parse(value[8..10]), Digits.Parse(value[10..12]), today);

    internal static bool IsPlausibleBirthDate(int year, int month, int day, DateOnly today) =>
        year >= 1890 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
        && new DateOnly(year, month, day) <= today;
}
