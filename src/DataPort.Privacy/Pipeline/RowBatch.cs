namespace DataPort.Privacy.Pipeline;

/// <summary>
/// A block of masked rows handed from the reading thread to the writing thread. Masked values are strings;
/// pass-through values stay UTF-8 in an arena. Batches are pooled, so memory is a few batches whatever the file size.
/// </summary>
internal sealed class RowBatch(int capacity, int columns)
{
    public int Capacity { get; } = capacity;

    public int Count { get; set; }

    /// <summary>Input bytes consumed when the batch was filled (for progress).</summary>
    public long BytesRead { get; set; }

    public string?[] Values { get; } = new string?[capacity * columns];

    /// <summary>Start of a pass-through value in <see cref="Arena"/>, or -1 for an empty one.</summary>
    public int[] RawStart { get; } = new int[capacity * columns];

    public int[] RawLength { get; } = new int[capacity * columns];

    public byte[] Arena { get; private set; } = new byte[1 << 16];

    public int ArenaLength { get; private set; }

    public void Clear()
    {
        Count = 0;
        ArenaLength = 0;
    }

    public void SetRaw(int cell, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            RawStart[cell] = -1;
            return;
        }
        if (ArenaLength + value.Length > Arena.Length)
        {
            var larger = new byte[Math.Max(Arena.Length * 2, ArenaLength + value.Length)];
            Arena.AsSpan(0, ArenaLength).CopyTo(larger);
            Arena = larger;
        }
        value.CopyTo(Arena.AsSpan(ArenaLength));
        RawStart[cell] = ArenaLength;
        RawLength[cell] = value.Length;
        ArenaLength += value.Length;
    }

    public ReadOnlySpan<byte> Raw(int cell) => RawStart[cell] < 0 ? default : Arena.AsSpan(RawStart[cell], RawLength[cell]);
}
