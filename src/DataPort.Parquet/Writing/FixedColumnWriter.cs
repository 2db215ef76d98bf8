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
    private readonly FixedValueDictionary<T> _dictionary = new();
    private T[] _values = new T[1024];
    private bool _hasStatistics;
    private T _min;
    private T _max;

    public FixedColumnWriter(ParquetField field, PhysicalType physicalType, ParquetWriterOptions options)
        : base(field, physicalType, options)
    {
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
            AddIndex(_dictionary.FindOrAdd(value));
            // Too large, or so distinct that it cannot pay off (checked once enough values were seen).
            if ((long)_dictionary.Count * Size > Options.DictionaryLimitBytes
                || (ValueCount == 16_384 && _dictionary.Count > ValueCount / 2))
            {
                // Values are kept alongside the indices, so dropping the dictionary costs nothing here.
                DictionaryActive = false;
                _dictionary.Clear();
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

    protected override int DictionaryCount => _dictionary.Count;

    protected override long DictionaryBytes => (long)_dictionary.Count * Size;

    protected override long PlainBytes => (long)ValueCount * Size;

    protected override void WriteDictionary(ByteBuffer output) =>
        output.Write(MemoryMarshal.AsBytes(_dictionary.Values));

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
        _hasStatistics = false;
        if (_values.Length > Options.RowGroupRows * 2L)
        {
            _values = new T[1024];
        }
    }
}
