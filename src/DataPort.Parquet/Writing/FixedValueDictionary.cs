using System.Runtime.CompilerServices;

namespace DataPort.Parquet.Writing;

/// <summary>
/// The dictionary of a fixed-width column: values keyed by their bits (so -0.0 and 0.0, and NaN payloads,
/// stay distinct and round-trip), open addressing with linear probing. Replaces Dictionary&lt;T, int&gt;, whose
/// comparer calls and entry bookkeeping were a visible share of appending a value.
/// </summary>
internal sealed class FixedValueDictionary<T>
    where T : unmanaged
{
    private int[] _slots = new int[1024];
    private T[] _values = new T[256];

    public int Count { get; private set; }

    public ReadOnlySpan<T> Values => _values.AsSpan(0, Count);

    /// <summary>The index of <paramref name="value"/>, added at the end if new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int FindOrAdd(T value)
    {
        var bits = Bits(value);
        var mask = _slots.Length - 1;
        var slot = Slot(bits, mask);
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                break;
            }
            if (Bits(_values[entry - 1]) == bits)
            {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
        if (Count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }
        var index = Count++;
        _values[index] = value;
        _slots[slot] = index + 1;
        if (Count * 2 > _slots.Length)
        {
            Rehash();
        }
        return index;
    }

    public void Clear()
    {
        if (Count == 0)
        {
            return;
        }
        Count = 0;
        Array.Clear(_slots);
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var i = 0; i < Count; i++)
        {
            var slot = Slot(Bits(_values[i]), mask);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            _slots[slot] = i + 1;
        }
    }

    // Fibonacci hashing: the multiply spreads sequential ids and dates over the table.
    private static int Slot(ulong bits, int mask) => (int)((bits * 0x9E3779B97F4A7C15UL) >> 32) & mask;

    private static ulong Bits(T value) => Unsafe.SizeOf<T>() switch
    {
        4 => Unsafe.As<T, uint>(ref value),
        8 => Unsafe.As<T, ulong>(ref value),
        _ => throw new NotSupportedException($"{typeof(T)} is not a 4- or 8-byte value"),
    };
}
