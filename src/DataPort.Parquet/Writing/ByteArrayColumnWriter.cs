using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using DataPort.Parquet.Encodings;
using DataPort.Parquet.Format;

namespace DataPort.Parquet.Writing;

/// <summary>
/// BYTE_ARRAY (strings, binary) and FIXED_LEN_BYTE_ARRAY (wide decimals) columns. While the dictionary is
/// active only indices are kept; raw bytes are buffered once it is abandoned (too large or too distinct).
/// </summary>
internal sealed class ByteArrayColumnWriter : ColumnWriter
{
    /// <summary>Statistics are skipped for longer values rather than bloating the footer.</summary>
    private const int MaxStatisticsLength = 4096;

    private const int RetainedDataBytes = 16 << 20;

    private readonly int _fixedLength;
    private readonly bool _signedOrder;
    private readonly ByteBuffer _data = new(16 * 1024);
    private int[] _offsets = new int[1025];
    private readonly ByteBuffer _dictionaryData = new(4 * 1024);
    private int[] _dictionaryOffsets = new int[257];
    private int[] _dictionaryHashes = new int[256];
    private int _dictionaryCount;
    private int[] _table = new int[1024];
    private long _plainBytes;
    private byte[]? _min;
    private byte[]? _max;
    private bool _statisticsTooLong;

    // fixedLength: 0 for BYTE_ARRAY, else the FIXED_LEN_BYTE_ARRAY width.
    // signedOrder: big-endian two's complement order (decimals) instead of unsigned bytes.
    public ByteArrayColumnWriter(ParquetField field, ParquetWriterOptions options, int fixedLength = 0, bool signedOrder = false)
        : base(field, fixedLength > 0 ? PhysicalType.FixedLenByteArray : PhysicalType.ByteArray, options)
    {
        _fixedLength = fixedLength;
        _signedOrder = signedOrder;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ReadOnlySpan<byte> value)
    {
        if (_fixedLength > 0 && value.Length != _fixedLength)
        {
            throw new ArgumentException($"column '{Field.Name}' holds values of exactly {_fixedLength} bytes");
        }
        _plainBytes += value.Length + (_fixedLength > 0 ? 0 : 4);
        if (DictionaryActive)
        {
            var index = FindOrAdd(value, out var added);
            AddIndex(index);
            if (added)
            {
                UpdateStatistics(value);
            }
            if (_dictionaryData.Length + 4L * _dictionaryCount > Options.DictionaryLimitBytes
                || (ValueCount >= 8_192 && _dictionaryCount * 4L > ValueCount * 3L))
            {
                CountValue();
                MaterializePlain();
                DictionaryActive = false;
                return;
            }
        }
        else
        {
            StoreRaw(value);
            UpdateStatistics(value);
        }
        CountValue();
    }

    protected override int DictionaryCount => _dictionaryCount;

    protected override long DictionaryBytes => _dictionaryData.Length + (_fixedLength > 0 ? 0 : 4L * _dictionaryCount);

    protected override long PlainBytes => _plainBytes;

    protected override void WriteDictionary(ByteBuffer output)
    {
        for (var i = 0; i < _dictionaryCount; i++)
        {
            var entry = DictionaryEntry(i);
            if (_fixedLength == 0)
            {
                output.WriteInt32(entry.Length);
            }
            output.Write(entry);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void MaterializePlain()
    {
        if (!DictionaryActive)
        {
            return;
        }
        _data.Clear();
        var indices = Indices;
        if (indices.Length > 0)
        {
            // Room for the rest of the row group at the average length so far: one allocation, not a doubling
            // series. Capped like the buffer kept between row groups, so long values do not reserve gigabytes.
            _data.Reserve((int)Math.Min(RetainedDataBytes, _plainBytes / indices.Length * Math.Max(Options.RowGroupRows, indices.Length) * 9 / 8));
        }
        _offsets = indices.Length + 1 > _offsets.Length ? new int[GrowTo(indices.Length + 1)] : _offsets;
        for (var i = 0; i < indices.Length; i++)
        {
            _offsets[i] = _data.Length;
            _data.Write(DictionaryEntry(indices[i]));
        }
        _offsets[indices.Length] = _data.Length;
        _storedCount = indices.Length;
        ClearDictionary();
    }

    private int _storedCount;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StoreRaw(ReadOnlySpan<byte> value)
    {
        if (_storedCount + 2 > _offsets.Length)
        {
            Array.Resize(ref _offsets, GrowTo(_offsets.Length));
        }
        _offsets[_storedCount] = _data.Length;
        _data.Write(value);
        _storedCount++;
        _offsets[_storedCount] = _data.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void WritePlain(int start, int count, ByteBuffer output)
    {
        var data = _data.WrittenSpan;
        for (var i = start; i < start + count; i++)
        {
            var value = data[_offsets[i].._offsets[i + 1]];
            if (_fixedLength == 0)
            {
                output.WriteInt32(value.Length);
            }
            output.Write(value);
        }
    }

    protected override Statistics CreateStatistics() => new()
    {
        MinValue = _statisticsTooLong ? null : _min,
        MaxValue = _statisticsTooLong ? null : _max,
    };

    protected override void ResetValues()
    {
        _data.Clear();
        // Kept across row groups up to a bound: regrowing a few megabytes every row group showed up as page faults.
        _data.Trim(RetainedDataBytes);
        _storedCount = 0;
        _plainBytes = 0;
        _min = _max = null;
        _statisticsTooLong = false;
        ClearDictionary();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateStatistics(ReadOnlySpan<byte> value)
    {
        if (_statisticsTooLong)
        {
            return;
        }
        if (value.Length > MaxStatisticsLength)
        {
            _statisticsTooLong = true;
            return;
        }
        if (_min is null || Compare(value, _min) < 0)
        {
            _min = value.ToArray();
        }
        if (_max is null || Compare(value, _max) > 0)
        {
            _max = value.ToArray();
        }
    }

    private int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (_signedOrder && a.Length > 0 && b.Length > 0 && a[0] != b[0])
        {
            // Same width two's complement: flipping the sign bit turns signed order into unsigned order.
            return (a[0] ^ 0x80).CompareTo(b[0] ^ 0x80);
        }
        return a.SequenceCompareTo(b);
    }

    private ReadOnlySpan<byte> DictionaryEntry(int index) =>
        _dictionaryData.WrittenSpan[_dictionaryOffsets[index].._dictionaryOffsets[index + 1]];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindOrAdd(ReadOnlySpan<byte> value, out bool added)
    {
        var hash = Hash(value);
        var mask = _table.Length - 1;
        var slot = hash & mask;
        while (true)
        {
            var entry = _table[slot];
            if (entry == 0)
            {
                break;
            }
            if (_dictionaryHashes[entry - 1] == hash && DictionaryEntry(entry - 1).SequenceEqual(value))
            {
                added = false;
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
        var index = _dictionaryCount++;
        if (_dictionaryCount + 1 > _dictionaryOffsets.Length)
        {
            Array.Resize(ref _dictionaryOffsets, _dictionaryOffsets.Length * 2);
            Array.Resize(ref _dictionaryHashes, _dictionaryOffsets.Length);
        }
        _dictionaryData.Write(value);
        _dictionaryOffsets[index + 1] = _dictionaryData.Length;
        _dictionaryHashes[index] = hash;
        _table[slot] = index + 1;
        if (_dictionaryCount * 2 > _table.Length)
        {
            Rehash();
        }
        added = true;
        return index;
    }

    private void Rehash()
    {
        _table = new int[_table.Length * 2];
        var mask = _table.Length - 1;
        for (var i = 0; i < _dictionaryCount; i++)
        {
            var slot = _dictionaryHashes[i] & mask;
            while (_table[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            _table[slot] = i + 1;
        }
    }

    private void ClearDictionary()
    {
        _dictionaryCount = 0;
        _dictionaryData.Clear();
        _dictionaryOffsets[0] = 0;
        if (_table.Length > 1 << 16)
        {
            _table = new int[1024];
        }
        else
        {
            Array.Clear(_table);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Hash(ReadOnlySpan<byte> value)
    {
        // FNV-1a over 8-byte words: fast, and the dictionary never sees adversarial input worth a keyed hash.
        ulong hash = 14695981039346656037;
        var i = 0;
        for (; i + 8 <= value.Length; i += 8)
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(value[i..])) * 1099511628211;
        }
        for (; i < value.Length; i++)
        {
            hash = (hash ^ value[i]) * 1099511628211;
        }
        hash ^= hash >> 29;
        return (int)(hash ^ (hash >> 32)) & int.MaxValue;
    }
}
