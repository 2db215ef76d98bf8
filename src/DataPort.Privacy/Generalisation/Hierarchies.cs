using DataPort.Privacy.Detection;

namespace DataPort.Privacy.Generalisation;

/// <summary>Builds a hierarchy from the level names a policy or catalog declares.</summary>
public static class Hierarchies
{
    /// <summary>
    /// The kind comes from the column's entity when it has one (a birth date's levels are dates), else from the level
    /// names (grid_N → a location, prefix_N → a code, range_W → a number …).
    /// </summary>
    public static Hierarchy Create(string? entity, IReadOnlyList<string> levels)
    {
        if (levels.Count == 0)
        {
            throw new HierarchyException("a hierarchy needs at least one level");
        }
        if (levels.Distinct(StringComparer.Ordinal).Count() != levels.Count)
        {
            throw new HierarchyException($"a hierarchy names a level twice: {string.Join(", ", levels)}");
        }
        return KindOf(entity, levels) switch
        {
            HierarchyKind.Date => DateHierarchy.Create(levels),
            HierarchyKind.Coordinate => CoordinateHierarchy.Create(levels),
            HierarchyKind.Address => AddressHierarchy.Create(levels),
            HierarchyKind.Code => CodeHierarchy.Create(levels),
            HierarchyKind.Number => NumberHierarchy.Create(levels),
            HierarchyKind.IpAddress => IpAddressHierarchy.Create(levels),
            _ => levels is ["value"] ? new ValueHierarchy() : throw new HierarchyException(
                $"cannot tell what [{string.Join(", ", levels)}] coarsens: use date levels (day, month, year, years_N), location levels (grid_N, district, city), "
                + "address levels (street, district, city, province), code levels (code, prefix_N), number levels (value, range_W) or [value]"),
        };
    }

    private static HierarchyKind? KindOf(string? entity, IReadOnlyList<string> levels)
    {
        switch (entity)
        {
            case EntityIds.DateOfBirth:
                return HierarchyKind.Date;
            case EntityIds.GeoCoordinate:
                return HierarchyKind.Coordinate;
            case EntityIds.Address:
                return HierarchyKind.Address;
            case EntityIds.IpAddress:
                return HierarchyKind.IpAddress;
        }
        if (levels.All(DateHierarchy.Knows))
        {
            return HierarchyKind.Date;
        }
        if (levels.Any(l => l.StartsWith("grid_", StringComparison.Ordinal)) && levels.All(CoordinateHierarchy.Knows))
        {
            return HierarchyKind.Coordinate;
        }
        if (levels.All(AddressHierarchy.Knows))
        {
            return HierarchyKind.Address;
        }
        if (levels.All(CodeHierarchy.Knows))
        {
            return HierarchyKind.Code;
        }
        if (levels.Any(NumberHierarchy.Knows) && levels.All(l => l == "value" || NumberHierarchy.Knows(l)))
        {
            return HierarchyKind.Number;
        }
        return levels is ["value"] ? HierarchyKind.Value : null;
    }
}
