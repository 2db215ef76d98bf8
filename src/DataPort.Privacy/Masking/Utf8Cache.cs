using System.Runtime.CompilerServices;

namespace DataPort.Privacy.Masking;

/// <summary>
/// A bounded map from short UTF-8 keys to fixed-length UTF-8 values, stored in flat arrays: an entry costs no
/// object, so a column of a million distinct values makes no garbage, and memory is fixed from the start.
/// When full it is emptied rather than grown (open addressing, linear probing, load at most one half).
/// </summary>
internal sealed class Utf8Cache
{
    private const int MaxKeyBytes = 64;

    private readonly int _valueLength;
    private readonly int _capacity;
    private readonly int[] _slots; // entry index + 1, 0 = empty
    private readonly int[] _hashes;
    private readonly int[] _keyStart;
    private readonly byte[] _keyLength;
    private readonly byte[] _keys;
    private readonly byte[] _values;
    private int _count;
    private int _keyBytes;

    public Utf8Cache(int capacity, int valueLength)
    {
        if (!int.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the capacity must be a power of two");
        }
        _capacity = capacity;
        _valueLength = valueLength;
        _slots = new int[capacity * 2];
        _hashes = new int[capacity];
        _keyStart = new int[capacity];
        _keyLength = new byte[capacity];
        // Keys average far below the limit; a full arena empties the cache like a full table does.
        _keys = new byte[capacity * 24];
        _values = new byte[capacity * valueLength];
    }

    /// <summary>Looks the key up; <paramref name="hash"/> is for the <see cref="Add"/> that follows a miss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGet(ReadOnlySpan<byte> key, Span<byte> value, out int hash)
    {
        hash = Hash(key);
        if (key.Length > MaxKeyBytes || _count == 0)
        {
            return false;
        }
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot] - 1;
            if (entry < 0)
            {
                return false;
            }
            if (_hashes[entry] == hash && _keys.AsSpan(_keyStart[entry], _keyLength[entry]).SequenceEqual(key))
            {
                _values.AsSpan(entry * _valueLength, _valueLength).CopyTo(value);
                return true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, int hash)
    {
        if (key.Length > MaxKeyBytes)
        {
            return;
        }
        if (_count == _capacity || _keyBytes + key.Length > _keys.Length)
        {
            Clear();
        }
        var entry = _count++;
        _hashes[entry] = hash;
        _keyStart[entry] = _keyBytes;
        _keyLength[entry] = (byte)key.Length;
        key.CopyTo(_keys.AsSpan(_keyBytes));
        _keyBytes += key.Length;
        value.CopyTo(_values.AsSpan(entry * _valueLength, _valueLength));
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        _slots[slot] = entry + 1;
    }

    public void Clear()
    {
        if (_count > 0)
        {
            Array.Clear(_slots);
        }
        _count = 0;
        _keyBytes = 0;
    }

    // HashCode is seeded per process, so crafted input cannot line its keys up on one probe chain.
    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode() & int.MaxValue;
    }
}
