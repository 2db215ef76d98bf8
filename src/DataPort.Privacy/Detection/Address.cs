namespace DataPort.Privacy.Detection;

/// <summary>Mainland postal addresses written in Chinese, from province down to street and number.</summary>
public static class Address
{
    private static readonly string[] Markers = ["省", "市", "区", "县", "镇", "乡", "街道", "路", "街", "道", "号", "村", "弄", "巷", "栋", "室", "单元", "楼"];

    /// <summary>Score in [0, 1]: at least two administrative or street markers in a mostly Chinese string.</summary>
    public static double Score(ReadOnlySpan<char> value)
    {
        if (value.Length is < 6 or > 120)
        {
            return 0;
        }
        var han = 0;
        foreach (var c in value)
        {
            if (PersonName.IsHan(c))
            {
                han++;
            }
        }
        if (han * 2 < value.Length)
        {
            return 0;
        }
        var markers = 0;
        foreach (var marker in Markers)
        {
            if (value.Contains(marker, StringComparison.Ordinal))
            {
                markers++;
            }
        }
        // A street with a house number (…路12号) is an address; district and city alone are a region, not an address.
        var hasStreet = value.Contains('路') || value.Contains('街') || value.Contains('村') || value.Contains('巷') || value.Contains('弄') || value.Contains("道", StringComparison.Ordinal);
        return markers >= 3 && hasStreet ? 1.0 : markers >= 2 && hasStreet ? 0.7 : 0;
    }

    private static readonly System.Buffers.SearchValues<char> DistrictMarks = System.Buffers.SearchValues.Create("区县旗");

    /// <summary>
    /// The address cut after its district or county (福建省厦门市思明区), or after the city when no district is
    /// written; null when neither can be found, so the caller redacts rather than guesses.
    /// </summary>
    public static string? District(string value) => DistrictLength(value) is var length and > 0 ? value[..length] : null;

    /// <summary>Length of the district prefix of an address, or 0 when it has none.</summary>
    public static int DistrictLength(ReadOnlySpan<char> value)
    {
        var end = IndexAfter(value, DistrictMarks);
        return end > 0 ? end : IndexAfter(value, CityMark);
    }

    private static readonly System.Buffers.SearchValues<char> CityMark = System.Buffers.SearchValues.Create("市");

    private static int IndexAfter(ReadOnlySpan<char> value, System.Buffers.SearchValues<char> marks)
    {
        var offset = 0;
        while (true)
        {
            var i = value[offset..].IndexOfAny(marks);
            if (i < 0)
            {
                return 0;
            }
            i += offset;
            // "小区", "社区" and "园区" are housing estates and parks, not districts.
            if (i == 0 || value[i - 1] is not ('小' or '社' or '园'))
            {
                return i + 1;
            }
            offset = i + 1;
        }
    }
}
