using System.Globalization;

namespace DataPort.Catalog.Generation;

/// <summary>Uniform between bounds, or normal around a mean and clipped to them: counts cluster like real ones.</summary>
internal readonly record struct Distribution(double Min, double Max, double? Mean, double? StdDev)
{
    public double Draw(Random random)
    {
        if (Mean is not { } mean || StdDev is not { } stdDev)
        {
            return Min + (random.NextDouble() * (Max - Min));
        }
        // Box-Muller from two uniforms; 1 - NextDouble() keeps the logarithm away from zero.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Clamp(mean + (stdDev * normal), Min, Max);
    }
}

internal sealed class IntegerGenerator(Distribution distribution) : ValueGenerator
{
    public override string Next(Random random, RowContext row) =>
        ((long)Math.Round(distribution.Draw(random), MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture);

    public override string Variant(string value, Random random) => value + ".0";
}

internal sealed class DecimalGenerator(Distribution distribution, int scale) : ValueGenerator
{
    public override string Next(Random random, RowContext row) =>
        Math.Round((decimal)distribution.Draw(random), scale, MidpointRounding.AwayFromZero).ToString("F" + scale, CultureInfo.InvariantCulture);

    // Spreadsheet exports add thousands separators.
    public override string Variant(string value, Random random) =>
        decimal.Parse(value, CultureInfo.InvariantCulture).ToString("N" + (value.Contains('.') ? value.Length - value.IndexOf('.') - 1 : 0), CultureInfo.InvariantCulture);
}

internal sealed class DoubleGenerator(Distribution distribution, int digits) : ValueGenerator
{
    public override string Next(Random random, RowContext row) =>
        Math.Round(distribution.Draw(random), digits).ToString(CultureInfo.InvariantCulture);
}

internal sealed class BooleanGenerator(double trueRatio, string trueLabel, string falseLabel) : ValueGenerator
{
    public override string Next(Random random, RowContext row) => random.NextDouble() < trueRatio ? trueLabel : falseLabel;

    public override string Variant(string value, Random random) => value == trueLabel ? "1" : "0";
}

/// <summary>A share of an earlier numeric column: used ports of all ports, exits of entries, spent of granted.</summary>
internal sealed class FractionGenerator(string column, double minRatio, double maxRatio, int scale) : ValueGenerator
{
    public override IReadOnlyList<string> DependsOn => [column];

    public override string Next(Random random, RowContext row)
    {
        var whole = decimal.TryParse(row.Get(column), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0m;
        var ratio = (decimal)(minRatio + (random.NextDouble() * (maxRatio - minRatio)));
        return Math.Round(whole * ratio, scale, MidpointRounding.AwayFromZero).ToString("F" + scale, CultureInfo.InvariantCulture);
    }
}
