using System.Globalization;

namespace DataPort.Catalog.Generation;

/// <summary>Chooses a district from a fixed set, or follows the district an earlier column of the row named.</summary>
internal sealed class DistrictChooser(IReadOnlyList<District> districts, string? fromColumn)
{
    public IReadOnlyList<string> DependsOn => fromColumn is null ? [] : [fromColumn];

    public District Choose(Random random, RowContext row)
    {
        if (fromColumn is not null && Xiamen.FindDistrict(row.Get(fromColumn)) is { } named)
        {
            return named;
        }
        return districts[random.Next(districts.Count)];
    }
}

internal sealed class DistrictGenerator(DistrictChooser chooser, bool asCode) : ValueGenerator
{
    public override IReadOnlyList<string> DependsOn => chooser.DependsOn;

    public override string Next(Random random, RowContext row)
    {
        var district = chooser.Choose(random, row);
        return asCode ? district.Code : district.Name;
    }

    public override string Variant(string value, Random random) => asCode ? value : "厦门市" + value;
}

internal sealed class RoadGenerator(DistrictChooser chooser) : ValueGenerator
{
    public override IReadOnlyList<string> DependsOn => chooser.DependsOn;

    public override string Next(Random random, RowContext row)
    {
        var district = chooser.Choose(random, row);
        return district.Roads[random.Next(district.Roads.Count)];
    }
}

internal sealed class StreetGenerator(DistrictChooser chooser) : ValueGenerator
{
    public override IReadOnlyList<string> DependsOn => chooser.DependsOn;

    public override string Next(Random random, RowContext row)
    {
        var district = chooser.Choose(random, row);
        return district.Streets[random.Next(district.Streets.Count)] + "街道";
    }
}

internal sealed class AddressGenerator(DistrictChooser chooser) : ValueGenerator
{
    public override IReadOnlyList<string> DependsOn => chooser.DependsOn;

    public static string Create(Random random, District district)
    {
        var road = district.Roads[random.Next(district.Roads.Count)];
        var number = random.Next(1, 900);
        var address = string.Create(CultureInfo.InvariantCulture, $"厦门市{district.Name}{road}{number}号");
        return random.Next(3) switch
        {
            0 => address,
            1 => address + string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 30)}{random.Next(1, 5):D2}室"),
            _ => address + string.Create(CultureInfo.InvariantCulture, $"之{"一二三四"[random.Next(4)]}{random.Next(1, 12)}楼"),
        };
    }

    public override string Next(Random random, RowContext row) => Create(random, chooser.Choose(random, row));

    // Older systems drop the city, or write the number with a dash instead of 号.
    public override string Variant(string value, Random random) => random.Next(2) == 0
        ? value.Replace("厦门市", "", StringComparison.Ordinal)
        : value.Replace("号", "-", StringComparison.Ordinal);
}

/// <summary>Longitude and latitude (GCJ-02 as Chinese map services publish them) inside the chosen district.</summary>
internal sealed class CoordinateGenerator(DistrictChooser chooser, string part) : ValueGenerator
{
    public override IReadOnlyList<string> DependsOn => chooser.DependsOn;

    public override string Next(Random random, RowContext row)
    {
        var district = chooser.Choose(random, row);
        var longitude = district.MinLongitude + (random.NextDouble() * (district.MaxLongitude - district.MinLongitude));
        var latitude = district.MinLatitude + (random.NextDouble() * (district.MaxLatitude - district.MinLatitude));
        return part switch
        {
            "longitude" => longitude.ToString("F6", CultureInfo.InvariantCulture),
            "latitude" => latitude.ToString("F6", CultureInfo.InvariantCulture),
            _ => string.Create(CultureInfo.InvariantCulture, $"{longitude:F6},{latitude:F6}"),
        };
    }

    // Some devices report with fewer decimals.
    public override string Variant(string value, Random random) =>
        string.Join(',', value.Split(',').Select(v => v.Length > 3 ? v[..^3] : v));
}
