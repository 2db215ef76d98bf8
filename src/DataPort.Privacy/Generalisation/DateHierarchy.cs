using System.Globalization;
using DataPort.Privacy.Detection;

namespace DataPort.Privacy.Generalisation;

/// <summary>
/// Dates and birth dates: <c>day</c> (2004-07-14) → <c>month</c> (2004-07) → <c>year</c> (2004) → <c>years_N</c>
/// (2000-2004 for N = 5). Bands are of calendar years, aligned to multiples of N, so each band lies inside the next
/// coarser one; a birth date's band is a band of birth years, which unlike an age band does not depend on the day
/// the release is made.
/// </summary>
public sealed class DateHierarchy : Hierarchy
{
    private readonly int[] _spans; // per level: 0 day, -1 month, 1 year, N years

    private DateHierarchy(IReadOnlyList<string> levels, int[] spans)
        : base(HierarchyKind.Date, levels) => _spans = spans;

    public static bool Knows(string level) => level is "day" or "month" or "year" || Years(level) > 0;

    public static DateHierarchy Create(IReadOnlyList<string> levels)
    {
        var spans = levels.Select(Span).ToArray();
        for (var i = 1; i < spans.Length; i++)
        {
            var (finer, coarser) = (Rank(spans[i - 1]), Rank(spans[i]));
            if (coarser <= finer || (spans[i - 1] > 1 && spans[i] % spans[i - 1] != 0))
            {
                throw new HierarchyException(
                    $"'{levels[i]}' cannot follow '{levels[i - 1]}': each level must be coarser, and a band of years a multiple of the band before it.");
            }
        }
        return new DateHierarchy(levels, spans);
    }

    public override int Base(ReadOnlySpan<char> value, Span<char> label) =>
        Dates.TryParse(value, out var date) ? Format(date.Year, date.Month, date.Day, _spans[0], label) : -1;

    public override string Coarsen(string label, int level)
    {
        if (label == Unknown || _spans[level] == 0)
        {
            return label;
        }
        // The label is a day (2004-07-14), a month (2004-07), a year or a band (2000-2004): its year comes first.
        var year = int.Parse(label.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = label.Length is 7 or 10 ? int.Parse(label.AsSpan(5, 2), CultureInfo.InvariantCulture) : 1;
        Span<char> buffer = stackalloc char[16];
        return new string(buffer[..Format(year, month, 1, _spans[level], buffer)]);
    }

    private static int Format(int year, int month, int day, int span, Span<char> label)
    {
        var invariant = CultureInfo.InvariantCulture;
        int written;
        switch (span)
        {
            case 0:
                new DateOnly(year, month, day).TryFormat(label, out written, "yyyy-MM-dd", invariant);
                return written;
            case -1:
                new DateOnly(year, month, 1).TryFormat(label, out written, "yyyy-MM", invariant);
                return written;
            case 1:
                year.TryFormat(label, out written, "D4", invariant);
                return written;
            default:
                var first = year / span * span;
                label.TryWrite(invariant, $"{first:D4}-{first + span - 1:D4}", out written);
                return written;
        }
    }

    private static int Span(string level) => level switch
    {
        "day" => 0,
        "month" => -1,
        "year" => 1,
        _ => Years(level) is var n and > 1 ? n : throw new HierarchyException($"'{level}' is no date level; use day, month, year or years_N (N from 2 to 100)."),
    };

    // day < month < year < years_N by N.
    private static int Rank(int span) => span switch { 0 => 0, -1 => 1, _ => 1 + span };

    private static int Years(string level) =>
        level.StartsWith("years_", StringComparison.Ordinal) && int.TryParse(level.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 2 and <= 100
            ? n
            : 0;
}
