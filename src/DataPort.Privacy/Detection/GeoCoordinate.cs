using System.Globalization;

namespace DataPort.Privacy.Detection;

public static class GeoCoordinate
{
    /// <summary>
    /// Score in [0, 1]: a "lat,lng" pair with at least three decimals (≈100 m) is a location; a lone decimal
    /// could be any measurement, so it only counts when the header says latitude or longitude.
    /// </summary>
    public static double Score(ReadOnlySpan<char> value)
    {
        var comma = value.IndexOfAny(',', ' ', '，');
        if (comma > 0)
        {
            return TryParsePair(value, out _, out _) ? 1.0 : 0;
        }
        return IsDegrees(value, 180, out _) && Decimals(value) >= 4 ? 0.4 : 0;
    }

    public static bool TryParsePair(ReadOnlySpan<char> value, out double latitude, out double longitude) =>
        TryParsePair(value, out latitude, out longitude, out _);

    /// <summary>
    /// A "lat,lng" pair, or "lng,lat" as Chinese map services (AMap, Baidu) write it: a first number beyond ±90 can
    /// only be a longitude. <paramref name="longitudeFirst"/> says which order the text used.
    /// </summary>
    public static bool TryParsePair(ReadOnlySpan<char> value, out double latitude, out double longitude, out bool longitudeFirst)
    {
        latitude = longitude = 0;
        longitudeFirst = false;
        var comma = value.IndexOfAny(',', ' ', '，');
        if (comma <= 0)
        {
            return false;
        }
        var first = value[..comma].Trim();
        var second = value[(comma + 1)..].Trim();
        if (Decimals(first) < 3 || Decimals(second) < 3 || !IsDegrees(first, 180, out var a) || !IsDegrees(second, 180, out var b))
        {
            return false;
        }
        longitudeFirst = Math.Abs(a) > 90;
        (latitude, longitude) = longitudeFirst ? (b, a) : (a, b);
        return Math.Abs(latitude) <= 90;
    }

    private static bool IsDegrees(ReadOnlySpan<char> value, double limit, out double degrees) =>
        double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out degrees)
        && Math.Abs(degrees) <= limit;

    internal static int Decimals(ReadOnlySpan<char> value)
    {
        var dot = value.IndexOf('.');
        return dot < 0 ? 0 : value.Length - dot - 1;
    }
}
