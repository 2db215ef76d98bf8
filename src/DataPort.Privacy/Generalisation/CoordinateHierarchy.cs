using System.Globalization;

namespace DataPort.Privacy.Generalisation;

/// <summary>
/// Locations, as a "lat,lng" pair or one coordinate: <c>grid_N</c> floors each coordinate to N decimals (the cell's
/// south-west corner; grid_3 ≈ 100 m, grid_2 ≈ 1 km, grid_1 ≈ 10 km) → <c>district</c> (the Xiamen district whose
/// seat is nearest) → <c>city</c>. Arithmetic is decimal, on the text as written, so flooring a floored value gives
/// the same cell as flooring the original. The district and city are those of the centre of the point's cell at the
/// grid level before them, so that every cell lies in one district: each level is a function of the one before, which
/// the release search relies on. A lone coordinate has no district; it is <see cref="Hierarchy.Unknown"/> there.
/// </summary>
public sealed class CoordinateHierarchy : Hierarchy
{
    private static readonly string[] DigitFormats = ["D0", "D1", "D2", "D3", "D4", "D5", "D6"];

    private readonly int[] _decimals; // per level: N for grid_N, -1 district, -2 city

    // Per level: the decimals of the grid level before it, whose cell centre places a district or city (-1: the value itself).
    private readonly int[] _basis;

    private CoordinateHierarchy(IReadOnlyList<string> levels, int[] decimals)
        : base(HierarchyKind.Coordinate, levels)
    {
        _decimals = decimals;
        _basis = new int[decimals.Length];
        var grid = -1;
        for (var i = 0; i < decimals.Length; i++)
        {
            _basis[i] = grid;
            grid = decimals[i] >= 0 ? decimals[i] : grid;
        }
    }

    public static bool Knows(string level) => level is "district" or "city" || Grid(level) >= 0;

    public static CoordinateHierarchy Create(IReadOnlyList<string> levels)
    {
        var decimals = levels.Select(level => level switch
        {
            "district" => -1,
            "city" => -2,
            _ => Grid(level) is var n and >= 0 ? n : throw new HierarchyException($"'{level}' is no location level; use grid_N (N from 0 to 6), district or city."),
        }).ToArray();
        for (var i = 1; i < decimals.Length; i++)
        {
            if (decimals[i] >= decimals[i - 1])
            {
                throw new HierarchyException($"'{levels[i]}' cannot follow '{levels[i - 1]}': each level must be coarser (fewer decimals, then district, then city).");
            }
        }
        return new CoordinateHierarchy(levels, decimals);
    }

    public override int Base(ReadOnlySpan<char> value, Span<char> label)
    {
        if (_decimals[0] >= 0)
        {
            // The usual case, a grid, is cut from the text itself: no number or string is made per row.
            return FloorText(value, _decimals[0], label);
        }
        if (!TryRead(value, out var first, out var second, out var pair))
        {
            return -1;
        }
        var text = Label(first, second, pair, 0);
        return text.Length <= label.Length ? Write(text, label) : -1;
    }

    /// <summary>
    /// Writes "lat,lng" (or one coordinate) floored to <paramref name="decimals"/> places, as <see cref="Floor"/> would,
    /// straight from the digits; -1 when the text is not one or two coordinates in range.
    /// </summary>
    private static int FloorText(ReadOnlySpan<char> value, int decimals, Span<char> label)
    {
        var comma = value.IndexOfAny(',', ' ', '，');
        if (comma < 0)
        {
            return FloorOne(value, 180, decimals, label);
        }
        if (comma == 0)
        {
            return -1;
        }
        // Either order ("lat,lng", or "lng,lat" as AMap and Baidu write it), as long as one of the two is a latitude.
        var firstText = value[..comma].Trim();
        var secondText = value[(comma + 1)..].Trim();
        var first = FloorOne(firstText, 180, decimals, label);
        if (first < 0)
        {
            return -1;
        }
        label[first] = ',';
        var second = FloorOne(secondText, 180, decimals, label[(first + 1)..]);
        return second < 0 || (!WithinLatitude(firstText) && !WithinLatitude(secondText)) ? -1 : first + 1 + second;
    }

    private static bool WithinLatitude(ReadOnlySpan<char> text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var degrees) && Math.Abs(degrees) <= 90;

    private static int FloorOne(ReadOnlySpan<char> text, int limit, int decimals, Span<char> label)
    {
        var negative = false;
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            text = text[1..];
        }
        var point = text.IndexOf('.');
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? [] : text[(point + 1)..];
        if (whole.IsEmpty || whole.Length > 3 || whole.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9')
            || (point >= 0 && fraction.IsEmpty))
        {
            return -1;
        }
        // Degrees scaled to whole units of the last kept decimal; digits beyond it only matter for a negative value's floor.
        long scaled = 0;
        foreach (var digit in whole)
        {
            scaled = scaled * 10 + (digit - '0');
        }
        for (var i = 0; i < decimals; i++)
        {
            scaled = scaled * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
        }
        var dropped = fraction.Length > decimals && fraction[decimals..].ContainsAnyExcept('0');
        var unit = (long)Math.Pow(10, decimals);
        if (scaled > limit * unit || (scaled == limit * unit && dropped))
        {
            return -1;
        }
        if (negative && dropped)
        {
            scaled++;
        }
        var written = 0;
        if (negative && scaled != 0)
        {
            label[written++] = '-';
        }
        (scaled / unit).TryFormat(label[written..], out var digits, default, CultureInfo.InvariantCulture);
        written += digits;
        if (decimals > 0)
        {
            label[written++] = '.';
            (scaled % unit).TryFormat(label[written..], out digits, DigitFormats[decimals], CultureInfo.InvariantCulture);
            written += digits;
        }
        return written;
    }

    public override string Coarsen(string label, int level) =>
        label == Unknown || _decimals[0] < 0 && level == 0 ? label
        : TryRead(label, out var first, out var second, out var pair) ? Label(first, second, pair, level)
        : XiamenDistricts.IsDistrict(label) && _decimals[level] == -2 ? XiamenDistricts.City
        : Unknown;

    private string Label(decimal first, decimal second, bool pair, int level)
    {
        var decimals = _decimals[level];
        if (decimals >= 0)
        {
            return pair ? $"{Floor(first, decimals)},{Floor(second, decimals)}" : Floor(first, decimals);
        }
        if (!pair)
        {
            return Unknown;
        }
        var (latitude, longitude) = (Centre(first, _basis[level]), Centre(second, _basis[level]));
        if (Math.Abs(latitude) > 90)
        {
            // Written "lng,lat".
            (latitude, longitude) = (longitude, latitude);
        }
        return decimals == -1
            ? XiamenDistricts.Nearest(latitude, longitude) ?? Unknown
            : XiamenDistricts.Contains(latitude, longitude) ? XiamenDistricts.City : Unknown;
    }

    // The centre of the cell the value falls in at a grid of that many decimals; the value itself without one.
    private static double Centre(decimal degrees, int decimals)
    {
        if (decimals < 0)
        {
            return (double)degrees;
        }
        var scale = Pow10(decimals);
        return (double)((decimal.Floor(degrees * scale) + 0.5m) / scale);
    }

    private static string Floor(decimal degrees, int decimals)
    {
        var scale = Pow10(decimals);
        return (decimal.Floor(degrees * scale) / scale).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++)
        {
            result *= 10;
        }
        return result;
    }

    private static bool TryRead(ReadOnlySpan<char> value, out decimal first, out decimal second, out bool pair)
    {
        second = 0;
        var comma = value.IndexOfAny(',', ' ', '，');
        pair = comma > 0;
        if (!pair)
        {
            return Degrees(value, 180, out first);
        }
        return Degrees(value[..comma].Trim(), 180, out first) & Degrees(value[(comma + 1)..].Trim(), 180, out second)
            && (Math.Abs(first) <= 90 || Math.Abs(second) <= 90);
    }

    private static bool Degrees(ReadOnlySpan<char> text, decimal limit, out decimal degrees) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out degrees)
        && Math.Abs(degrees) <= limit;

    private static int Grid(string level) =>
        level.StartsWith("grid_", StringComparison.Ordinal) && int.TryParse(level.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 6
            ? n
            : -1;
}
