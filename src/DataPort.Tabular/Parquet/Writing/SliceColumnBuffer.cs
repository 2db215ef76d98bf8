using Parquet;
using Parquet.Schema;

namespace DataPort.Tabular.Parquet.Writing;

/// <summary>
/// Variable-length values (text as chars, binary as bytes) copied into large reusable blocks, each value a
/// slice of one: a row group of strings costs no allocation per value, and the blocks serve every row group.
/// </summary>
internal sealed class SliceColumnBuffer<T>(ParquetField field, int rowGroupRows) : ColumnBuffer(field, rowGroupRows)
    where T : unmanaged
{
    private const int BlockLength = 1 << 20;

    private readonly List<T[]> _blocks = [new T[4096]];
    private ReadOnlyMemory<T>[] _values = new ReadOnlyMemory<T>[InitialCapacity];
    private int _block;
    private int _used;

    public void Append(ReadOnlySpan<T> value)
    {
        value.CopyTo(Reserve(value.Length));
        Commit(value.Length);
    }

    /// <summary>Room for at least <paramref name="length"/> items; <see cref="Commit"/> then says how many were used.</summary>
    public Span<T> Reserve(int length)
    {
        if (_blocks[_block].Length - _used < length)
        {
            NextBlock(length);
        }
        return _blocks[_block].AsSpan(_used);
    }

    public void Commit(int length)
    {
        if (ValueCount == _values.Length)
        {
            Array.Resize(ref _values, Grown(_values.Length));
        }
        _values[ValueCount] = _blocks[_block].AsMemory(_used, length);
        _used += length;
        CountValue();
    }

    /// <summary>The share of distinct values among the first <paramref name="sample"/> held (1 when all differ).</summary>
    public double DistinctShare(int sample)
    {
        var count = Math.Min(sample, ValueCount);
        if (count == 0)
        {
            return 0;
        }
        var distinct = new HashSet<ReadOnlyMemory<T>>(count, SliceComparer.Instance);
        for (var i = 0; i < count; i++)
        {
            distinct.Add(_values[i]);
        }
        return distinct.Count / (double)count;
    }

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, DataField field) =>
        rowGroup.WriteAllPartsAsync<ReadOnlyMemory<T>>(field, _values.AsMemory(0, ValueCount), Definitions, null, CancellationToken.None);

    protected override void Clear()
    {
        _block = 0;
        _used = 0;
    }

    /// <summary>Moves to the next block, making or enlarging it when needed: blocks are filled in order, so a later one holds nothing yet.</summary>
    private void NextBlock(int length)
    {
        if (_used == 0 && _blocks[_block].Length < BlockLength && _blocks[_block].Length < length)
        {
            // The first, small block of a small file: grow it in place (nothing refers to it yet).
            _blocks[_block] = new T[Math.Max(length, Math.Min(BlockLength, _blocks[_block].Length * 8))];
            return;
        }
        _block++;
        _used = 0;
        var wanted = Math.Max(length, BlockLength);
        if (_block == _blocks.Count)
        {
            _blocks.Add(new T[wanted]);
        }
        else if (_blocks[_block].Length < length)
        {
            _blocks[_block] = new T[wanted];
        }
    }

    private sealed class SliceComparer : IEqualityComparer<ReadOnlyMemory<T>>
    {
        public static SliceComparer Instance { get; } = new();

        public bool Equals(ReadOnlyMemory<T> x, ReadOnlyMemory<T> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<T> slice)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(slice.Span));
            return hash.ToHashCode();
        }
    }
}
