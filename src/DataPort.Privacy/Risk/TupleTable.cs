using System.Numerics;
using System.Runtime.CompilerServices;

namespace DataPort.Privacy.Risk;

/// <summary>
/// Counts of fixed-width tuples of small integers (the ids of a row's quasi-identifier values), in flat arrays: an
/// entry costs no object, so a million distinct tuples are a few arrays, and lookups allocate nothing.
/// Open addressing with linear probing, kept at most half full.
/// </summary>
internal sealed class TupleTable
{
    private readonly int _width;
    private int[] _keys;
    private long[] _counts;
    private int[] _buckets; // entry index + 1; 0 = empty

    public TupleTable(int width, int capacity = 1024)
    {
        _width = Math.Max(width, 1);
        capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 16));
        _keys = new int[capacity * _width];
        _counts = new long[capacity];
        _buckets = new int[capacity * 2];
    }

    public int Count { get; private set; }

    public int Width => _width;

    public ReadOnlySpan<int> Key(int index) => _keys.AsSpan(index * _width, _width);

    public long CountOf(int index) => _counts[index];

    /// <summary>Adds <paramref name="count"/> to the tuple's count, adding the tuple first if it is new; returns its index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(ReadOnlySpan<int> key, long count)
    {
        var mask = _buckets.Length - 1;
        for (var slot = Hash(key) & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _buckets[slot] - 1;
            if (entry < 0)
            {
                return Insert(key, count, slot);
            }
            if (key.SequenceEqual(Key(entry)))
            {
                _counts[entry] += count;
                return entry;
            }
        }
    }

    /// <summary>The tuple's index, or -1 when it was never added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int IndexOf(ReadOnlySpan<int> key)
    {
        var mask = _buckets.Length - 1;
        for (var slot = Hash(key) & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _buckets[slot] - 1;
            if (entry < 0 || key.SequenceEqual(Key(entry)))
            {
                return entry;
            }
        }
    }

    private int Insert(ReadOnlySpan<int> key, long count, int slot)
    {
        var index = Count;
        if (index == _counts.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
            Array.Resize(ref _counts, _counts.Length * 2);
        }
        key.CopyTo(_keys.AsSpan(index * _width));
        _counts[index] = count;
        Count++;
        if (_buckets.Length < _counts.Length * 2)
        {
            Rehash();
        }
        else
        {
            _buckets[slot] = index + 1;
        }
        return index;
    }

    private void Rehash()
    {
        _buckets = new int[_counts.Length * 2];
        var mask = _buckets.Length - 1;
        for (var entry = 0; entry < Count; entry++)
        {
            var slot = Hash(Key(entry)) & mask;
            while (_buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            _buckets[slot] = entry + 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<int> key)
    {
        var hash = 0x9E3779B9u;
        foreach (var part in key)
        {
            hash = BitOperations.RotateLeft((hash ^ (uint)part) * 0x85EBCA6Bu, 13);
        }
        hash ^= hash >> 16;
        hash *= 0x7FEB352Du;
        hash ^= hash >> 15;
        return (int)(hash & int.MaxValue);
    }
}
