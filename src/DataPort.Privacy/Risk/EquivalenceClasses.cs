using System.Runtime.InteropServices;
using System.Text;

namespace DataPort.Privacy.Risk;

/// <summary>
/// Counts rows per combination of masked quasi-identifier values. Memory grows with the number of distinct
/// combinations, never with the number of rows, which is what keeps the pipeline's memory flat.
/// </summary>
public sealed class EquivalenceClasses
{
    // Unit separator: cannot appear in a value that came from a text CSV field by accident.
    private const char Separator = '\u001F';

    private readonly Dictionary<string, long> _counts;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly StringBuilder _key = new();

    public EquivalenceClasses()
    {
        _counts = new(StringComparer.Ordinal);
        _byChars = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Classes => _counts.Count;

    public long Rows { get; private set; }

    public string KeyOf(ReadOnlySpan<string> maskedValues)
    {
        _key.Clear();
        foreach (var value in maskedValues)
        {
            _key.Append(value).Append(Separator);
        }
        return _key.ToString();
    }

    public void Add(string key)
    {
        Rows++;
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    public long CountOf(string key) => _counts.GetValueOrDefault(key);

    /// <summary>
    /// <see cref="Add(string)"/> for a key built in a caller's buffer (the same text <see cref="KeyOf"/> makes):
    /// a string is made only for a class not seen before, so rows cost no garbage.
    /// </summary>
    internal void Add(ReadOnlySpan<char> key)
    {
        Rows++;
        CollectionsMarshal.GetValueRefOrAddDefault(_byChars, key, out _)++;
    }

    internal long CountOf(ReadOnlySpan<char> key) => _byChars.TryGetValue(key, out var count) ? count : 0;

    /// <summary>Appends one masked value and the separator to a key being built, as <see cref="KeyOf"/> does.</summary>
    internal static void AppendToKey(ReadOnlySpan<byte> utf8, ref char[] key, ref int length)
    {
        var needed = length + utf8.Length + 1;
        if (needed > key.Length)
        {
            Array.Resize(ref key, Math.Max(needed, key.Length * 2));
        }
        length += Encoding.UTF8.GetChars(utf8, key.AsSpan(length));
        key[length++] = Separator;
    }

    /// <summary>The k the data achieves: the size of the smallest class (0 when there are no rows).</summary>
    public long SmallestClass => _counts.Count == 0 ? 0 : _counts.Values.Min();

    /// <summary>What suppressing every class smaller than <paramref name="k"/> would remove and leave.</summary>
    public RiskAssessment Assess(int k)
    {
        long rowsBelow = 0, classesBelow = 0, smallestKept = long.MaxValue;
        foreach (var count in _counts.Values)
        {
            if (count < k)
            {
                rowsBelow += count;
                classesBelow++;
            }
            else
            {
                smallestKept = Math.Min(smallestKept, count);
            }
        }
        return new RiskAssessment(k, SmallestClass, _counts.Count, classesBelow, rowsBelow, smallestKept == long.MaxValue ? 0 : smallestKept);
    }
}

/// <param name="KBefore">Smallest class before any rows are suppressed.</param>
/// <param name="KAfterSuppression">Smallest class among those that reach k (0 if none does).</param>
public sealed record RiskAssessment(int K, long KBefore, long Classes, long ClassesBelowK, long RowsBelowK, long KAfterSuppression)
{
    public bool Passes => ClassesBelowK == 0;
}
