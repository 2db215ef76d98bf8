namespace DataPort.Privacy.Generalisation;

/// <summary>
/// Xiamen's six districts for coarsening a location, each by the seat of its government. A point belongs to the district
/// whose seat is nearest: an approximation of the boundaries (no boundary polygons are held here), exact for what the
/// release search needs, which is that every point has exactly one district. Points outside the city's bounds have none.
/// </summary>
public static class XiamenDistricts
{
    public const string City = "厦门市";

    private static readonly (string Name, double Latitude, double Longitude)[] Seats =
    [
        ("思明区", 24.4454, 118.0823),
        ("湖里区", 24.5127, 118.1460),
        ("海沧区", 24.4846, 118.0327),
        ("集美区", 24.5756, 118.0969),
        ("同安区", 24.7230, 118.1520),
        ("翔安区", 24.6188, 118.2468),
    ];

    /// <summary>Xiamen's land and islands with a margin: 24.38–24.92 N, 117.85–118.45 E.</summary>
    public static bool Contains(double latitude, double longitude) =>
        latitude is >= 24.38 and <= 24.92 && longitude is >= 117.85 and <= 118.45;

    public static string? Nearest(double latitude, double longitude)
    {
        if (!Contains(latitude, longitude))
        {
            return null;
        }
        // Degrees of longitude are shorter by cos(latitude); at 24.5° N that is 0.91.
        const double LongitudeScale = 0.91;
        var best = Seats[0].Name;
        var bestDistance = double.MaxValue;
        foreach (var (name, lat, lng) in Seats)
        {
            var (dy, dx) = (latitude - lat, (longitude - lng) * LongitudeScale);
            var distance = dy * dy + dx * dx;
            if (distance < bestDistance)
            {
                (best, bestDistance) = (name, distance);
            }
        }
        return best;
    }

    public static bool IsDistrict(string label) => Array.Exists(Seats, s => s.Name == label);
}
