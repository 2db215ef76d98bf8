using System.Buffers;
using DataPort.Privacy.Detection;

namespace DataPort.Privacy.Generalisation;

/// <summary>
/// Addresses, cut after a marker: <c>street</c> (福建省厦门市思明区鹭江道) → <c>district</c> (福建省厦门市思明区) →
/// <c>city</c> (福建省厦门市) → <c>province</c> (福建省). Every level is a prefix of the finer one, so cutting a cut
/// address gives what cutting the original gives. An address without the marker of a level falls back to the next
/// coarser cut it has; one with none is <see cref="Hierarchy.Unknown"/>.
/// </summary>
public sealed class AddressHierarchy : Hierarchy
{
    private static readonly string[] Names = ["street", "district", "city", "province"];
    private static readonly SearchValues<char> StreetMarks = SearchValues.Create("路街道巷弄村");
    private static readonly SearchValues<char> CityMark = SearchValues.Create("市");
    private static readonly SearchValues<char> ProvinceMark = SearchValues.Create("省");

    private readonly int[] _cuts;

    private AddressHierarchy(IReadOnlyList<string> levels, int[] cuts)
        : base(HierarchyKind.Address, levels) => _cuts = cuts;

    public static bool Knows(string level) => Array.IndexOf(Names, level) >= 0;

    public static AddressHierarchy Create(IReadOnlyList<string> levels)
    {
        var cuts = levels.Select(level => Array.IndexOf(Names, level) is var i and >= 0
            ? i
            : throw new HierarchyException($"'{level}' is no address level; use street, district, city or province.")).ToArray();
        for (var i = 1; i < cuts.Length; i++)
        {
            if (cuts[i] <= cuts[i - 1])
            {
                throw new HierarchyException($"'{levels[i]}' cannot follow '{levels[i - 1]}': the levels go street, district, city, province.");
            }
        }
        return new AddressHierarchy(levels, cuts);
    }

    public override int Base(ReadOnlySpan<char> value, Span<char> label)
    {
        var length = Cut(value, _cuts[0]);
        return length > 0 ? Write(value[..length], label) : -1;
    }

    public override string Coarsen(string label, int level) =>
        label == Unknown ? label : Cut(label, _cuts[level]) is var length and > 0 ? label[..length] : Unknown;

    private static int Cut(ReadOnlySpan<char> value, int cut)
    {
        for (; cut < Names.Length; cut++)
        {
            var length = cut switch
            {
                0 => Street(value),
                1 => Address.DistrictLength(value),
                2 => After(value, CityMark),
                _ => After(value, ProvinceMark),
            };
            if (length > 0)
            {
                return length;
            }
        }
        return 0;
    }

    // The first road, street, lane or village marker after the district, so 思明区鹭江道195号 becomes 思明区鹭江道.
    private static int Street(ReadOnlySpan<char> value)
    {
        var district = Address.DistrictLength(value);
        if (district == 0)
        {
            return 0;
        }
        var mark = value[district..].IndexOfAny(StreetMarks);
        return mark <= 0 ? 0 : district + mark + 1;
    }

    private static int After(ReadOnlySpan<char> value, SearchValues<char> mark) => value.IndexOfAny(mark) is var i and >= 0 ? i + 1 : 0;
}
