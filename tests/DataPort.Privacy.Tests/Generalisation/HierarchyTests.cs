using System.Globalization;
using DataPort.Privacy.Generalisation;

namespace DataPort.Privacy.Tests.Generalisation;

public sealed class HierarchyTests
{
    [Theory]
    [InlineData("2004-07-14", "2004-07-14", "2004-07", "2004", "2000-2004", "2000-2009", "2000-2019")]
    [InlineData("1985/3/7", "1985-03-07", "1985-03", "1985", "1985-1989", "1980-1989", "1980-1999")]
    [InlineData("19991231", "1999-12-31", "1999-12", "1999", "1995-1999", "1990-1999", "1980-1999")]
    public void Given_a_date_When_coarsened_Then_each_level_is_the_calendar_band(string value, params string[] expected)
    {
        var hierarchy = Hierarchies.Create("date_of_birth", ["day", "month", "year", "years_5", "years_10", "years_20"]);

        Assert.Equal(expected, Levels(hierarchy, value));
    }

    [Theory]
    [InlineData("24.479812,118.089411", "24.479,118.089", "24.47,118.08", "24.4,118.0", "思明区", "厦门市")]
    [InlineData("24.7201, 118.1553", "24.720,118.155", "24.72,118.15", "24.7,118.1", "同安区", "厦门市")]
    [InlineData("39.9087,116.3975", "39.908,116.397", "39.90,116.39", "39.9,116.3", "*", "*")]
    [InlineData("118.089411,24.479812", "118.089,24.479", "118.08,24.47", "118.0,24.4", "思明区", "厦门市")]
    public void Given_a_location_When_coarsened_Then_grids_then_the_district_then_the_city(string value, params string[] expected)
    {
        var hierarchy = Hierarchies.Create("geo_coordinate", ["grid_3", "grid_2", "grid_1", "district", "city"]);

        Assert.Equal(expected, Levels(hierarchy, value));
    }

    [Theory]
    [InlineData("24.479812,118.089411")]
    [InlineData("-33.8688,151.2093")]
    [InlineData("-0.0001,-0.0")]
    [InlineData("118.1")]
    [InlineData("-118.15")]
    [InlineData("+24.5,+118")]
    public void Given_a_coordinate_When_floored_from_its_text_Then_it_is_the_decimal_floor(string value)
    {
        // The grid is cut from the digits for speed; it must agree with decimal arithmetic, which the coarser levels use.
        for (var decimals = 0; decimals <= 6; decimals++)
        {
            var hierarchy = Hierarchies.Create("geo_coordinate", [$"grid_{decimals}"]);
            var parts = value.Split(',').Select(p => Floor(decimal.Parse(p, CultureInfo.InvariantCulture), decimals));

            Assert.Equal(string.Join(',', parts), Base(hierarchy, value));
        }
    }

    [Theory]
    [InlineData("福建省厦门市思明区鹭江道195号1203室", "福建省厦门市思明区鹭江道", "福建省厦门市思明区", "福建省厦门市", "福建省")]
    [InlineData("厦门市湖里区金山小区5号楼", "厦门市湖里区", "厦门市湖里区", "厦门市", "*")]
    [InlineData("福建省厦门市", "福建省厦门市", "福建省厦门市", "福建省厦门市", "福建省")]
    public void Given_an_address_When_coarsened_Then_each_level_cuts_at_its_marker(string value, params string[] expected)
    {
        var hierarchy = Hierarchies.Create("address", ["street", "district", "city", "province"]);

        Assert.Equal(expected, Levels(hierarchy, value));
    }

    [Fact]
    public void Given_codes_numbers_and_networks_When_coarsened_Then_by_prefix_range_and_prefix()
    {
        Assert.Equal(["361001", "3610**", "36****"], Levels(Hierarchies.Create(null, ["code", "prefix_4", "prefix_2"]), "361001"));
        Assert.Equal(["37", "[35,40)", "[30,40)", "[0,100)"], Levels(Hierarchies.Create(null, ["value", "range_5", "range_10", "range_100"]), "37"));
        Assert.Equal(["[-10,-5)", "[-10,0)"], Levels(Hierarchies.Create(null, ["range_5", "range_10"]), "-7.5"));
        Assert.Equal(["[1.5,2)", "[0,2)"], Levels(Hierarchies.Create(null, ["range_0.5", "range_2"]), "1.75"));
        Assert.Equal(["10.1.2.0/24", "10.1.0.0/16", "10.0.0.0/8"], Levels(Hierarchies.Create("ip_address", ["prefix_24", "prefix_16", "prefix_8"]), "10.1.2.3"));
        Assert.Equal(["2001:db8:85a3::/48", "2001:db8::/32"], Levels(Hierarchies.Create("ip_address", ["prefix_24", "prefix_16"]), "2001:db8:85a3::8a2e:370:7334"));
        Assert.Equal(["男"], Levels(Hierarchies.Create(null, ["value"]), "男"));
    }

    [Theory]
    [InlineData("date_of_birth", "not a date")]
    [InlineData("geo_coordinate", "north of here")]
    [InlineData("geo_coordinate", "91.0,118.0")]
    [InlineData("address", "某地某处")]
    [InlineData(null, "36100A")]
    public void Given_a_value_of_another_kind_When_coarsened_Then_it_is_unknown_at_every_level(string? entity, string value)
    {
        var hierarchy = entity switch
        {
            "date_of_birth" => Hierarchies.Create(entity, ["year", "years_10"]),
            "geo_coordinate" => Hierarchies.Create(entity, ["grid_3", "district"]),
            "address" => Hierarchies.Create(entity, ["street", "city"]),
            _ => Hierarchies.Create(null, ["code", "prefix_2"]),
        };

        Assert.Equal(-1, hierarchy.Base(value, new char[200]));
        Assert.Equal("*", hierarchy.Coarsen(Hierarchy.Unknown, hierarchy.Levels.Count - 1));
    }

    [Theory]
    [InlineData(new[] { "years_10", "years_5" }, "cannot follow")]
    [InlineData(new[] { "years_5", "years_7" }, "multiple")]
    [InlineData(new[] { "grid_2", "grid_3" }, "coarser")]
    [InlineData(new[] { "range_5", "range_12" }, "multiple")]
    [InlineData(new[] { "year", "year" }, "twice")]
    [InlineData(new[] { "weekday" }, "cannot tell")]
    [InlineData(new[] { "grid_9" }, "cannot tell")]
    public void Given_levels_that_do_not_nest_When_built_Then_the_error_names_them(string[] levels, string expected)
    {
        var e = Assert.Throws<HierarchyException>(() => Hierarchies.Create(null, levels));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Given_any_level_When_coarsened_from_a_finer_label_Then_it_agrees_with_coarsening_the_value()
    {
        // The search coarsens level-0 labels, never values: that is only sound if each level is a function of the finer ones.
        var cases = new (string? Entity, string[] Levels, string[] Values)[]
        {
            ("date_of_birth", ["day", "month", "year", "years_5", "years_10", "years_20"], ["2004-07-14", "1999-12-31", "2000-01-01", "1985/3/7"]),
            ("geo_coordinate", ["grid_4", "grid_3", "grid_2", "grid_1"], ["24.479812,118.089411", "24.7201,118.1553", "24.5001,118.2999", "-33.8688,151.2093"]),
            ("address", ["street", "district", "city", "province"], ["福建省厦门市思明区鹭江道195号", "厦门市湖里区金山小区5号楼", "福建省厦门市"]),
            (null, ["value", "range_5", "range_10", "range_50"], ["37", "-7.5", "49.99", "0"]),
        };
        foreach (var (entity, levels, values) in cases)
        {
            for (var from = 0; from < levels.Length; from++)
            {
                var finest = Hierarchies.Create(entity, levels[from..]);
                foreach (var value in values)
                {
                    var direct = Levels(finest, value);
                    var viaFull = Levels(Hierarchies.Create(entity, levels), value)[from..];
                    Assert.Equal(viaFull, direct);
                }
            }
        }
    }

    [Theory]
    [InlineData("geo_coordinate", new[] { "grid_4", "grid_3", "grid_2", "district", "city" })]
    [InlineData("geo_coordinate", new[] { "grid_3", "grid_1", "district", "city" })]
    [InlineData("geo_coordinate", new[] { "district", "city" })]
    [InlineData("date_of_birth", new[] { "day", "month", "year", "years_5", "years_10", "years_20" })]
    [InlineData(null, new[] { "value", "range_5", "range_10", "range_50" })]
    public void Given_many_values_When_coarsened_Then_values_sharing_a_level_share_every_coarser_one(string? entity, string[] levels)
    {
        // Each level must be a function of the one before (a tree), or coarsening could split a class and k would not
        // be monotone; a district is placed by the centre of the cell before it for exactly this reason.
        var hierarchy = Hierarchies.Create(entity, levels);
        var random = new Random(7);
        var values = Enumerable.Range(0, 3000).Select(_ => entity switch
        {
            "geo_coordinate" => string.Create(CultureInfo.InvariantCulture, $"{24.35 + random.NextDouble() * 0.6:F6},{117.85 + random.NextDouble() * 0.6:F6}"),
            "date_of_birth" => new DateOnly(1940, 1, 1).AddDays(random.Next(30_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => (random.Next(-500, 500) / 4m).ToString(CultureInfo.InvariantCulture),
        }).Select(v => Levels(hierarchy, v)).ToList();

        for (var level = 0; level + 1 < levels.Length; level++)
        {
            foreach (var group in values.GroupBy(v => v[level]))
            {
                Assert.Single(group.Select(v => v[level + 1]).Distinct());
            }
        }
    }

    private static string[] Levels(Hierarchy hierarchy, string value)
    {
        var label = Base(hierarchy, value);
        return [.. Enumerable.Range(0, hierarchy.Levels.Count).Select(level => hierarchy.Coarsen(label, level))];
    }

    private static string Base(Hierarchy hierarchy, string value)
    {
        var buffer = new char[hierarchy.MaxLabelLength(value.Length)];
        var length = hierarchy.Base(value, buffer);
        return length < 0 ? Hierarchy.Unknown : new string(buffer, 0, length);
    }

    private static string Floor(decimal value, int decimals)
    {
        var scale = (decimal)Math.Pow(10, decimals);
        return (decimal.Floor(value * scale) / scale).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
