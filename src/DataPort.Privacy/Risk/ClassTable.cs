using System.Runtime.CompilerServices;

namespace DataPort.Privacy.Risk;

/// <summary>
/// The equivalence classes at one combination of levels: a class per distinct key (each quasi-identifier's id at its
/// level) with its row count. When the keys' space is small, as it is at all but the finest levels, a key's
/// mixed-radix index addresses an array directly, which is several times faster than hashing; otherwise a
/// <see cref="TupleTable"/> holds them.
/// </summary>
internal sealed class ClassTable : IDisposable
{
    /// <summary>The largest key space counted directly (16 MB of slots, shared by every count of one search).</summary>
    public const int MaxDense = 1 << 22;

    /// <summary>Slots for a search over this many distinct rows: enough for the key spaces worth counting directly, and no more.</summary>
    public static int[] SlotsFor(int distinctRows) => new int[Math.Clamp(4L * distinctRows, 1 << 16, MaxDense)];

    private readonly int[] _radix;
    private readonly int[]? _slots; // dense index → class + 1
    private readonly TupleTable? _hashed;
    private int[] _denseIndex = [];
    private long[] _counts = [];

    /// <param name="radix">Per quasi-identifier, how many ids its level has.</param>
    /// <param name="slots">Zeroed slots for a key space that fits them, handed back zeroed by <see cref="Dispose"/>.</param>
    public ClassTable(int[] radix, int expected, int[] slots)
    {
        _radix = radix;
        var space = radix.Aggregate(1L, (product, size) => product > slots.Length ? product : product * size);
        if (space <= slots.Length)
        {
            _slots = slots;
        }
        else
        {
            _hashed = new TupleTable(radix.Length, Math.Min(expected, 1 << 16));
        }
    }

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(ReadOnlySpan<int> key, long count)
    {
        if (_hashed is not null)
        {
            var index = _hashed.Add(key, count);
            Count = _hashed.Count;
            return index;
        }
        var dense = Dense(key);
        var cls = _slots![dense] - 1;
        if (cls < 0)
        {
            cls = Count++;
            _slots[dense] = cls + 1;
            if (cls == _counts.Length)
            {
                Array.Resize(ref _counts, Math.Max(16, cls * 2));
                Array.Resize(ref _denseIndex, _counts.Length);
            }
            _denseIndex[cls] = dense;
        }
        _counts[cls] += count;
        return cls;
    }

    /// <summary>The class of a key; -1 when no row had it.</summary>
    public int IndexOf(ReadOnlySpan<int> key) => _hashed?.IndexOf(key) ?? _slots![Dense(key)] - 1;

    public long CountOf(int cls) => _hashed?.CountOf(cls) ?? _counts[cls];

    public void KeyOf(int cls, Span<int> key)
    {
        if (_hashed is not null)
        {
            _hashed.Key(cls).CopyTo(key);
            return;
        }
        var dense = _denseIndex[cls];
        for (var c = _radix.Length - 1; c >= 0; c--)
        {
            key[c] = dense % _radix[c];
            dense /= _radix[c];
        }
    }

    /// <summary>Zeroes the slots this table used, so the next table can take them as they came.</summary>
    public void Dispose()
    {
        if (_slots is not null)
        {
            for (var cls = 0; cls < Count; cls++)
            {
                _slots[_denseIndex[cls]] = 0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Dense(ReadOnlySpan<int> key)
    {
        var index = 0;
        for (var c = 0; c < key.Length; c++)
        {
            index = index * _radix[c] + key[c];
        }
        return index;
    }
}
