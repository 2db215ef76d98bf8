using System.Collections.Concurrent;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// Queries that passed the plan check, with their result column types, by their text and the schemas they were
/// planned against: a developer's app runs the same few statements again and again, and planning each twice more
/// (EXPLAIN, then describe) was most of what governing a short query cost.
/// </summary>
/// <remarks>
/// Safe to reuse because neither answer depends on the grant's privileges: the plan check looks only at which
/// relations and functions the plan touches, fixed by the text, the search path (the grant's schemas) and those
/// schemas' tables, which a loaded version never changes. What the grant may read is still enforced by PostgreSQL on
/// every run, as the grant's role. A refused query is never kept, so it is checked, and explained, every time.
/// </remarks>
public sealed class CheckedQueries
{
    // Bounded: past this many distinct statements the memory is cleared and refilled by the next runs.
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<(string Sql, string Schemas), IReadOnlyList<string>> columnTypes = new();

    public bool TryGet(string wrappedSql, IReadOnlyCollection<string> schemas, out IReadOnlyList<string> types) =>
        columnTypes.TryGetValue((wrappedSql, Key(schemas)), out types!);

    public void Add(string wrappedSql, IReadOnlyCollection<string> schemas, IReadOnlyList<string> types)
    {
        if (columnTypes.Count >= Capacity)
        {
            columnTypes.Clear();
        }
        columnTypes[(wrappedSql, Key(schemas))] = types;
    }

    private static string Key(IReadOnlyCollection<string> schemas) => string.Join(',', schemas.Order(StringComparer.Ordinal));
}
