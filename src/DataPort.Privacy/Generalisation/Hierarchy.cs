namespace DataPort.Privacy.Generalisation;

/// <summary>
/// The levels one quasi-identifier can be released at, finest first (a birth date: year → 5-year band → 10-year
/// band …). Level 0 is the finest the policy allows; every coarser level is a function of it, which is what lets
/// the release search count classes from level-0 values alone. A value that cannot be read as this kind (an
/// address with no district, a malformed date) is released as <see cref="Unknown"/> at every level: never as it is.
/// </summary>
public abstract class Hierarchy
{
    public const string Unknown = "*";

    protected Hierarchy(HierarchyKind kind, IReadOnlyList<string> levels)
    {
        Kind = kind;
        Levels = levels;
    }

    public HierarchyKind Kind { get; }

    /// <summary>The policy's names of the levels, finest first (<c>grid_3</c>, <c>district</c>, …).</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>The longest level-0 label a value of <paramref name="valueLength"/> characters can give.</summary>
    public virtual int MaxLabelLength(int valueLength) => valueLength + 48;

    /// <summary>Writes the value's level-0 label into <paramref name="label"/>; its length, or -1 when the value cannot be read.</summary>
    public abstract int Base(ReadOnlySpan<char> value, Span<char> label);

    /// <summary>
    /// The label at <paramref name="level"/> of a value whose label at some finer level is <paramref name="label"/>:
    /// every level is a function of each finer one, which is what makes the levels a hierarchy.
    /// </summary>
    public abstract string Coarsen(string label, int level);

    public override string ToString() => $"{HierarchyKinds.ToId(Kind)}[{string.Join(", ", Levels)}]";

    protected static int Write(ReadOnlySpan<char> text, Span<char> label)
    {
        text.CopyTo(label);
        return text.Length;
    }
}

/// <summary>What sort of values a hierarchy coarsens; each reads its own level names.</summary>
public enum HierarchyKind
{
    Date,
    Coordinate,
    Address,
    Code,
    Number,
    IpAddress,
    Value,
}

public static class HierarchyKinds
{
    public static string ToId(HierarchyKind kind) => kind switch
    {
        HierarchyKind.Date => "date",
        HierarchyKind.Coordinate => "coordinate",
        HierarchyKind.Address => "address",
        HierarchyKind.Code => "code",
        HierarchyKind.Number => "number",
        HierarchyKind.IpAddress => "ip_address",
        _ => "value",
    };
}
