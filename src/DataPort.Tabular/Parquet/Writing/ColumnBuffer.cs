using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace DataPort.Tabular.Parquet.Writing;

/// <summary>
/// One column of the row group being filled: its values (nulls left out) and, for a nullable column, a
/// definition level per row, which is the form Parquet.Net takes a column in without copying it.
/// </summary>
internal abstract class ColumnBuffer(ParquetField field, int rowGroupRows)
{
    private int[]? _definitions = field.Nullable ? new int[InitialCapacity] : null;

    /// <summary>Small files stay small; a large one grows to a whole row group in a few steps.</summary>
    protected const int InitialCapacity = 1024;

    public ParquetField Field { get; } = field;

    public int Rows { get; private set; }

    protected int ValueCount { get; private set; }

    protected int RowGroupRows { get; } = rowGroupRows;

    public void AppendNull()
    {
        if (_definitions is null)
        {
            throw new ArgumentException($"column '{Field.Name}' is required and cannot hold null");
        }
        EnsureDefinitions();
        _definitions[Rows++] = 0;
    }

    /// <summary>Records that a value was stored at <see cref="ValueCount"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void CountValue()
    {
        if (_definitions is not null)
        {
            EnsureDefinitions();
            _definitions[Rows] = 1;
        }
        Rows++;
        ValueCount++;
    }

    public void Reset()
    {
        Rows = 0;
        ValueCount = 0;
        Clear();
    }

    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, DataField field);

    protected virtual void Clear()
    {
    }

    protected ReadOnlyMemory<int>? Definitions => _definitions?.AsMemory(0, Rows);

    protected int Grown(int current) => (int)Math.Min(Array.MaxLength, Math.Max(current * 2L, Math.Min(RowGroupRows, current * 8L)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureDefinitions()
    {
        if (Rows == _definitions!.Length)
        {
            Array.Resize(ref _definitions, Grown(_definitions.Length));
        }
    }
}
