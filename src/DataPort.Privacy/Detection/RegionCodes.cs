namespace DataPort.Privacy.Detection;

/// <summary>
/// Administrative division codes (GB/T 2260) at the depth a plausibility check needs: every province-level
/// prefix, and for Fujian every prefecture with Xiamen's districts listed exactly, because that is the data we hold most.
/// </summary>
public static class RegionCodes
{
    private static readonly HashSet<int> Provinces =
    [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    ];

    /// <summary>Xiamen (3502): the city code, current districts, and the former Gulangyu, Kaiyuan and Xinglin codes still found on older cards.</summary>
    private static readonly HashSet<int> Xiamen = [350200, 350201, 350202, 350203, 350204, 350205, 350206, 350211, 350212, 350213];

    public static IReadOnlyDictionary<string, string> XiamenDistricts { get; } = new Dictionary<string, string>
    {
        ["350203"] = "思明区",
        ["350205"] = "海沧区",
        ["350206"] = "湖里区",
        ["350211"] = "集美区",
        ["350212"] = "同安区",
        ["350213"] = "翔安区",
    };

    public static bool IsPlausible(ReadOnlySpan<char> sixDigits)
    {
        if (sixDigits.Length != 6 || !Digits.AllDigits(sixDigits))
        {
            return false;
        }
        var province = Digits.Parse(sixDigits[..2]);
        var prefecture = Digits.Parse(sixDigits[2..4]);
        if (!Provinces.Contains(province))
        {
            return false;
        }
        if (province == 35)
        {
            // Fujian has nine prefectures (01 Fuzhou … 09 Ningde); Xiamen's districts are checked exactly.
            return prefecture == 2 ? Xiamen.Contains(Digits.Parse(sixDigits)) : prefecture is >= 1 and <= 9;
        }
        // Elsewhere prefecture 00 is only used by the province itself and 90+ by special county-level units.
        return prefecture <= 90;
    }
}
