using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DataPort.Parquet.Encodings;
using DataPort.Parquet.Format;

namespace DataPort.Parquet.Writing;

/// <summary>INT32, INT64 and DOUBLE columns (also DATE, TIMESTAMP and small DECIMALs, which are stored as those).</summary>
internal sealed class FixedColumnWriter<T> : ColumnWriter
    where T : unmanaged, INumber<T>
{
    // A JIT constant; a static readonly field would cost a class-initialisation check per value in Append.
    private static int Size => Unsafe.SizeOf<T>();
    private readonly Dictionary<T, int> _dictionary;
    private readonly List<T> _dictionaryValues = [];
    private T[] _values = new T[1024];
    private bool _hasStatistics;
    private T _min;
    private T _max;

    public FixedColumnWriter(ParquetField field, PhysicalType physicalType, ParquetWriterOptions options, IEqualityComparer<T>? comparer = null)
        : base(field, physicalType, options)
    {
        _dictionary = new Dictionary<T, int>(comparer);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(T value)
    {
        if (ValueCount == _values.Length)
        {
            Array.Resize(ref _values, GrowTo(_values.Length));
        }
        _values[ValueCount] = value;
        if (DictionaryActive)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_dictionary, value, out var exists);
            if (!exists)
            {
                slot = _dictionaryValues.Count;
                _dictionaryValues.Add(value);
            }
            AddIndex(slot);
            // Too large, or so distinct that it cannot pay off (checked once enough values were seen).
            if ((long)_dictionaryValues.Count * Size > Options.DictionaryLimitBytes
                || (ValueCount == 16_384 && _dictionaryValues.Count > ValueCount / 2))
            {
                // Values are kept alongside the indices, so dropping the dictionary costs nothing here.
                DictionaryActive = false;
                _dictionary.Clear();
                _dictionaryValues.Clear();
            }
        }
        if (!T.IsNaN(value))
        {
            if (!_hasStatistics)
            {
                _min = _max = value;
                _hasStatistics = true;
            }
            else if (value < _min)
            {
                _min = value;
            }
            else if (value > _max)
            {
                _max = value;
            }
        }
        CountValue();
    }

    protected override int DictionaryCount => _dictionaryValues.Count;

    protected override long DictionaryBytes => (long)_dictionaryValues.Count * Size;

    protected override long PlainBytes => (long)ValueCount * Size;

    protected override void WriteDictionary(ByteBuffer output) =>
        output.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_dictionaryValues)));

    protected override void MaterializePlain()
    {
    }

    protected override void WritePlain(int start, int count, ByteBuffer output) =>
        output.Write(MemoryMarshal.AsBytes(_values.AsSpan(start, count)));

    protected override Statistics CreateStatistics()
    {
        var statistics = new Statistics();
        if (_hasStatistics)
        {
            statistics.MinValue = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in _min)).ToArray();
            statistics.MaxValue = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in _max)).ToArray();
        }
        return statistics;
    }

    protected override void ResetValues()
    {
        _dictionary.Clear();
        _dictionaryValues.Clear();
        _hasStatistics = false;
        if (_values.Length > Options.RowGroupRows * 2L)
        {
            _values = new T[1024];
        }
    }
}

/// <summary>Dictionary keys for doubles compare bits, so -0.0 and 0.0 (and NaN payloads) survive a round trip.</summary>
internal sealed class DoubleBitsComparer : IEqualityComparer<double>
{
    public static DoubleBitsComparer Instance { get; } = new();

    public bool Equals(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);

    public int GetHashCode(double obj) => BitConverter.DoubleToInt64Bits(obj).GetHashCode();
}
