using System.Globalization;

namespace DataPort.Privacy.Generalisation;

/// <summary>
/// Postal and region codes, by prefix: <c>code</c> (361001) → <c>prefix_4</c> (3610**) → <c>prefix_2</c> (36****).
/// The hidden digits are written as * so a coarsened code keeps its length and is never taken for a real one.
/// A value that is not all digits is <see cref="Hierarchy.Unknown"/>.
/// </summary>
public sealed class CodeHierarchy : Hierarchy
{
    private readonly int[] _kept; // digits kept per level; int.MaxValue for the whole code

    private CodeHierarchy(IReadOnlyList<string> levels, int[] kept)
        : base(HierarchyKind.Code, levels) => _kept = kept;

    public static bool Knows(string level) => level == "code" || Prefix(level) > 0;

    public static CodeHierarchy Create(IReadOnlyList<string> levels)
    {
        var kept = levels.Select(level => level == "code" ? int.MaxValue
            : Prefix(level) is var n and > 0 ? n
            : throw new HierarchyException($"'{level}' is no code level; use code or prefix_N (N from 1 to 17).")).ToArray();
        for (var i = 1; i < kept.Length; i++)
        {
            if (kept[i] >= kept[i - 1])
            {
                throw new HierarchyException($"'{levels[i]}' cannot follow '{levels[i - 1]}': each level must keep fewer digits.");
            }
        }
        return new CodeHierarchy(levels, kept);
    }

    public override int Base(ReadOnlySpan<char> value, Span<char> label)
    {
        if (value.IsEmpty || value.ContainsAnyExceptInRange('0', '9'))
        {
            return -1;
        }
        value.CopyTo(label);
        label[Math.Min(_kept[0], value.Length)..value.Length].Fill('*');
        return value.Length;
    }

    public override string Coarsen(string label, int level) =>
        label == Unknown || _kept[level] >= label.Length ? label : string.Concat(label.AsSpan(0, _kept[level]), new string('*', label.Length - _kept[level]));

    internal static int Prefix(string level, int max = 17) =>
        level.StartsWith("prefix_", StringComparison.Ordinal) && int.TryParse(level.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : 0;
}
