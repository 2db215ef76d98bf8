using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace DataPort.Tabular.Parquet.Writing;

/// <summary>Values of a fixed-size type (numbers, booleans, dates, timestamps, decimals) in one array.</summary>
internal sealed class FixedColumnBuffer<T>(ParquetField field, int rowGroupRows) : ColumnBuffer(field, rowGroupRows)
    where T : struct
{
    private T[] _values = new T[InitialCapacity];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(T value)
    {
        if (ValueCount == _values.Length)
        {
            Array.Resize(ref _values, Grown(_values.Length));
        }
        _values[ValueCount] = value;
        CountValue();
    }

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, DataField field) =>
        rowGroup.WriteAllPartsAsync<T>(field, _values.AsMemory(0, ValueCount), Definitions, null, CancellationToken.None);
}
