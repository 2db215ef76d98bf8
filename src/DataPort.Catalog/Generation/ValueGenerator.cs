namespace DataPort.Catalog.Generation;

/// <summary>The clean values generated so far in the current row, for columns that depend on earlier ones.</summary>
public sealed class RowContext
{
    private readonly IReadOnlyDictionary<string, int> index;

    internal RowContext(IReadOnlyDictionary<string, int> index)
    {
        this.index = index;
        Values = new string[index.Count];
    }

    public long Row { get; internal set; }

    internal string[] Values { get; }

    public string Get(string column) => Values[index[column]];
}

/// <summary>Produces one column's values. Implementations draw only from the Random they are given.</summary>
public abstract class ValueGenerator
{
    public abstract string Next(Random random, RowContext row);

    /// <summary>The same value spelled as some real export would (slashes in dates, dashes in mobiles …).</summary>
    public virtual string Variant(string value, Random random) => value;

    /// <summary>Earlier columns this one reads from the row.</summary>
    public virtual IReadOnlyList<string> DependsOn => [];

    protected static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    protected static string Digits(Random random, int count)
    {
        Span<char> buffer = stackalloc char[count];
        for (var i = 0; i < count; i++)
        {
            buffer[i] = (char)('0' + random.Next(10));
        }
        return new string(buffer);
    }
}
