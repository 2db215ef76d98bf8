using System.Globalization;

namespace DataPort.Privacy.Generalisation;

/// <summary>
/// Numbers, by ranges: <c>value</c> (37) → <c>range_5</c> ([35,40)) → <c>range_10</c> ([30,40)) … Ranges are
/// half-open and aligned to multiples of their width, and each width must be a multiple of the one before it, so every
/// range lies inside one coarser range. A value that is not a number is <see cref="Hierarchy.Unknown"/>.
/// </summary>
public sealed class NumberHierarchy : Hierarchy
{
    private readonly decimal[] _widths; // 0 for the value itself

    private NumberHierarchy(IReadOnlyList<string> levels, decimal[] widths)
        : base(HierarchyKind.Number, levels) => _widths = widths;

    public static bool Knows(string level) => Width(level) > 0;

    public static NumberHierarchy Create(IReadOnlyList<string> levels)
    {
        var widths = levels.Select(level => level == "value" ? 0m
            : Width(level) is var w and > 0 ? w
            : throw new HierarchyException($"'{level}' is no number level; use value or range_W (a width such as range_5 or range_0.5).")).ToArray();
        for (var i = 1; i < widths.Length; i++)
        {
            if (widths[i] <= widths[i - 1] || (widths[i - 1] > 0 && widths[i] % widths[i - 1] != 0))
            {
                throw new HierarchyException($"'{levels[i]}' cannot follow '{levels[i - 1]}': each range must be wider, and a multiple of the range before it.");
            }
        }
        return new NumberHierarchy(levels, widths);
    }

    public override int Base(ReadOnlySpan<char> value, Span<char> label)
    {
        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return -1;
        }
        var text = Label(number, _widths[0]);
        return text.Length <= label.Length ? Write(text, label) : -1;
    }

    public override string Coarsen(string label, int level)
    {
        if (label == Unknown || level == 0)
        {
            return label;
        }
        // A range's label starts with its lower bound, which lies in the same coarser range as every value in it.
        var lower = label.StartsWith('[') ? label.AsSpan(1, label.IndexOf(',', StringComparison.Ordinal) - 1) : label.AsSpan();
        return Label(decimal.Parse(lower, NumberStyles.Float, CultureInfo.InvariantCulture), _widths[level]);
    }

    private static string Label(decimal number, decimal width)
    {
        if (width == 0)
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }
        var lower = decimal.Floor(number / width) * width;
        return string.Create(CultureInfo.InvariantCulture, $"[{lower.Normalize()},{(lower + width).Normalize()})");
    }

    private static decimal Width(string level) =>
        level.StartsWith("range_", StringComparison.Ordinal)
        && decimal.TryParse(level.AsSpan(6), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var width) && width > 0
            ? width
            : 0;
}

internal static class DecimalText
{
    /// <summary>The value without trailing zeros (30.00 → 30), so ranges read the same whatever the input's scale.</summary>
    public static decimal Normalize(this decimal value) => value / 1.000000000000000000000000000000000m;
}
