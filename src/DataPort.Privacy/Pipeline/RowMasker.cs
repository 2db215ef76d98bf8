using System.Buffers;
using System.Runtime.CompilerServices;
using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// Masks batches of rows for one worker thread. Maskers keep caches and scratch buffers, so each worker has maskers of
/// its own; the quasi-identifiers' ids and chosen labels are shared and only read.
/// </summary>
internal sealed class RowMasker
{
    private readonly ColumnPlan[] _released;
    private readonly QuasiColumn?[] _quasiAt;
    private readonly int[] _quasiSlot;
    private readonly int[] _classKey;
    private readonly ChosenRelease? _suppressing;

    public RowMasker(ColumnPlan[] released, ReleasePlan? release)
    {
        _released = released;
        var quasi = release?.Quasi ?? [];
        _quasiSlot = [.. released.Select(p => Array.FindIndex(quasi, q => q.Plan.Index == p.Index))];
        _quasiAt = [.. released.Select((p, c) => _quasiSlot[c] < 0 ? null : quasi[_quasiSlot[c]].ForWorker(p))];
        _classKey = new int[quasi.Length];
        _suppressing = release?.Chosen is { Outcome.Suppressed: > 0 } chosen ? chosen : null;
    }

    /// <summary>Masks every row of <paramref name="input"/> into <paramref name="output"/>, marking the rows the release suppresses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Mask(RowBatch input, MaskedBatch output)
    {
        output.Clear(input.BytesRead);
        for (var r = 0; r < input.Rows; r++)
        {
            MaskRow(input, r, output);
        }
    }

    /// <summary>
    /// Masks one record's released values, laid out as the content hash reads them (each value then 0x1F, 0x00 for
    /// null, 0x1E at the end), so one bulk append hashes the row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MaskRow(RowBatch batch, int row, MaskedBatch output)
    {
        var data = output.Data;
        var rowStart = data.WrittenCount;
        for (var c = 0; c < _released.Length; c++)
        {
            var plan = _released[c];
            var raw = batch.Field(row, c);
            var start = data.WrittenCount;
            bool present;
            if (_quasiAt[c] is { } quasi)
            {
                var id = quasi.Read(raw, add: false);
                _classKey[_quasiSlot[c]] = quasi.Coarse(id);
                present = quasi.Write(id, data);
            }
            else if (plan.PassThrough)
            {
                present = !raw.IsEmpty;
                data.Write(raw);
            }
            else
            {
                present = plan.Apply(raw, data);
            }
            output.SetValue(c, start, present ? data.WrittenCount - start : -1);
            Put(data, present ? ContentHash.ValueEnd : ContentHash.Null);
        }
        Put(data, ContentHash.RowEnd);
        output.EndRow(rowStart, _suppressing is not null && _suppressing.Hides(_classKey));
    }

    private static void Put(ArrayBufferWriter<byte> data, byte b)
    {
        data.GetSpan(1)[0] = b;
        data.Advance(1);
    }
}

/// <summary>A batch of masked rows: their bytes in one buffer, where each value lies, and which rows are suppressed.</summary>
internal sealed class MaskedBatch(int columns)
{
    private int[] _start = new int[columns * 256];
    private int[] _length = new int[columns * 256];
    private int[] _rowStart = new int[256];
    private int[] _rowEnd = new int[256];
    private bool[] _hidden = new bool[256];

    public ArrayBufferWriter<byte> Data { get; } = new(1 << 18);

    public int Rows { get; private set; }

    /// <summary>Bytes of the file read when the rows were parsed (for progress).</summary>
    public long BytesRead { get; private set; }

    public void Clear(long bytesRead)
    {
        Data.ResetWrittenCount();
        Rows = 0;
        BytesRead = bytesRead;
    }

    public void SetValue(int column, int start, int length)
    {
        var i = Rows * columns + column;
        if (i >= _start.Length)
        {
            Array.Resize(ref _start, _start.Length * 2);
            Array.Resize(ref _length, _length.Length * 2);
        }
        _start[i] = start;
        _length[i] = length;
    }

    public void EndRow(int rowStart, bool hidden)
    {
        if (Rows == _rowStart.Length)
        {
            Array.Resize(ref _rowStart, Rows * 2);
            Array.Resize(ref _rowEnd, Rows * 2);
            Array.Resize(ref _hidden, Rows * 2);
        }
        (_rowStart[Rows], _rowEnd[Rows], _hidden[Rows]) = (rowStart, Data.WrittenCount, hidden);
        Rows++;
    }

    public bool Hidden(int row) => _hidden[row];

    /// <summary>The row's bytes in the content hash's layout.</summary>
    public ReadOnlySpan<byte> Row(int row) => Data.WrittenSpan[_rowStart[row].._rowEnd[row]];

    /// <summary>A value's bytes, or false for null.</summary>
    public bool TryValue(int row, int column, out ReadOnlySpan<byte> value)
    {
        var i = row * columns + column;
        var length = _length[i];
        value = length < 0 ? default : Data.WrittenSpan.Slice(_start[i], length);
        return length >= 0;
    }
}
