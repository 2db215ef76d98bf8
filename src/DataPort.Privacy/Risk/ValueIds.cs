using System.Runtime.InteropServices;

namespace DataPort.Privacy.Risk;

/// <summary>
/// Small integer ids for a column's distinct labels, with the rows holding each. Id 0 is the empty value. Lookups take
/// a span, so a label seen before costs no string.
/// </summary>
internal sealed class ValueIds
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly List<string?> _labels = [null];
    private readonly List<long> _rows = [0];

    public ValueIds() => _byChars = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _labels.Count;

    public IReadOnlyList<string?> Labels => _labels;

    public long[] Rows => [.. _rows];

    /// <summary>The label's id, added when new, and one more row counted for it.</summary>
    public int Add(ReadOnlySpan<char> label)
    {
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_byChars, label, out var exists);
        if (!exists)
        {
            id = _labels.Count;
            _labels.Add(label.ToString());
            _rows.Add(0);
        }
        _rows[id]++;
        return id;
    }

    public void AddEmpty() => _rows[0]++;

    /// <summary>The label's id; -1 if it was never added.</summary>
    public int Find(ReadOnlySpan<char> label) => _byChars.TryGetValue(label, out var id) ? id : -1;
}
