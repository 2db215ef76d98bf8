using System.Runtime.CompilerServices;
using DataPort.Parquet.Encodings;
using DataPort.Parquet.Format;

namespace DataPort.Parquet.Writing;

/// <summary>BOOLEAN columns: PLAIN is one bit per value, so a dictionary never helps.</summary>
internal sealed class BooleanColumnWriter : ColumnWriter
{
    private bool[] _values = new bool[1024];
    private bool _seenFalse;
    private bool _seenTrue;

    public BooleanColumnWriter(ParquetField field, ParquetWriterOptions options) : base(field, PhysicalType.Boolean, options)
    {
        DictionaryActive = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(bool value)
    {
        if (ValueCount == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }
        _values[ValueCount] = value;
        _seenTrue |= value;
        _seenFalse |= !value;
        CountValue();
    }

    protected override int DictionaryCount => 0;

    protected override long DictionaryBytes => 0;

    protected override long PlainBytes => (ValueCount + 7) / 8;

    protected override void WriteDictionary(ByteBuffer output) => throw new InvalidOperationException("booleans have no dictionary");

    protected override void MaterializePlain()
    {
    }

    protected override void WritePlain(int start, int count, ByteBuffer output)
    {
        var bytes = (count + 7) / 8;
        var span = output.GetSpan(bytes)[..bytes];
        span.Clear();
        for (var i = 0; i < count; i++)
        {
            if (_values[start + i])
            {
                span[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        output.Advance(bytes);
    }

    protected override Statistics CreateStatistics()
    {
        var statistics = new Statistics();
        if (_seenFalse || _seenTrue)
        {
            statistics.MinValue = [_seenFalse ? (byte)0 : (byte)1];
            statistics.MaxValue = [_seenTrue ? (byte)1 : (byte)0];
        }
        return statistics;
    }

    protected override void ResetValues()
    {
        _seenFalse = _seenTrue = false;
        DictionaryActive = false;
    }
}
