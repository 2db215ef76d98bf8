using System.Runtime.CompilerServices;
using DataPort.Parquet.Encodings;
using DataPort.Parquet.Format;

namespace DataPort.Parquet.Writing;

/// <summary>
/// Buffers one column of the current row group and writes it as a column chunk: an optional dictionary
/// page, then data pages (v1) of definition levels plus PLAIN values or RLE_DICTIONARY indices.
/// </summary>
internal abstract class ColumnWriter
{
    private int[]? _definitionLevels;
    private int[] _indices = [];

    protected ColumnWriter(ParquetField field, PhysicalType physicalType, ParquetWriterOptions options)
    {
        Field = field;
        PhysicalType = physicalType;
        Options = options;
        if (field.Nullable)
        {
            _definitionLevels = new int[Math.Min(options.RowGroupRows, 1024)];
        }
    }

    public ParquetField Field { get; }

    public PhysicalType PhysicalType { get; }

    protected ParquetWriterOptions Options { get; }

    /// <summary>
    /// The size a per-row buffer grows to at once when its first small capacity runs out: a small file stays
    /// small, a large one allocates (and faults in) its row-group-sized buffers once instead of doubling through them.
    /// </summary>
    protected int GrowTo(int current) => (int)Math.Min(Array.MaxLength, Math.Max(current * 2L, Math.Min(Options.RowGroupRows + 1L, 1 << 17)));

    public int Rows { get; private set; }

    protected int ValueCount { get; private set; }

    protected int NullCount { get; private set; }

    /// <summary>Whether values are still being dictionary-encoded in this row group.</summary>
    protected bool DictionaryActive { get; set; } = true;

    protected ReadOnlySpan<int> Indices => _indices.AsSpan(0, ValueCount);

    public void AppendNull()
    {
        if (_definitionLevels is null)
        {
            throw new ArgumentException($"column '{Field.Name}' is required and cannot hold null");
        }
        EnsureLevels();
        _definitionLevels[Rows++] = 0;
        NullCount++;
    }

    /// <summary>Records that a value was appended (call after storing it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void CountValue()
    {
        if (_definitionLevels is not null)
        {
            EnsureLevels();
            _definitionLevels[Rows] = 1;
        }
        Rows++;
        ValueCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void AddIndex(int index)
    {
        if (ValueCount == _indices.Length)
        {
            Array.Resize(ref _indices, Math.Max(1024, GrowTo(_indices.Length)));
        }
        _indices[ValueCount] = index;
    }

    private void EnsureLevels()
    {
        if (Rows == _definitionLevels!.Length)
        {
            Array.Resize(ref _definitionLevels, GrowTo(_definitionLevels.Length));
        }
    }

    protected abstract int DictionaryCount { get; }

    /// <summary>Plain-encoded size of the dictionary entries.</summary>
    protected abstract long DictionaryBytes { get; }

    /// <summary>Plain-encoded size of all buffered values.</summary>
    protected abstract long PlainBytes { get; }

    protected abstract void WriteDictionary(ByteBuffer output);

    /// <summary>Turns buffered indices into plain values (the dictionary did not pay off).</summary>
    protected abstract void MaterializePlain();

    protected abstract void WritePlain(int start, int count, ByteBuffer output);

    protected abstract Statistics CreateStatistics();

    protected abstract void ResetValues();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ColumnChunk Flush(PageSink sink)
    {
        var chunkStart = sink.Position;
        long compressed = 0;
        long uncompressed = 0;
        long? dictionaryOffset = null;
        var encodings = new List<ValueEncoding>();
        if (DictionaryActive && ValueCount > 0)
        {
            var bitWidth = BitWidth(DictionaryCount - 1);
            var encodedSize = DictionaryBytes + ((long)ValueCount * bitWidth + 7) / 8;
            if (encodedSize >= PlainBytes)
            {
                MaterializePlain();
                DictionaryActive = false;
            }
        }
        if (DictionaryActive && ValueCount > 0)
        {
            dictionaryOffset = sink.Position;
            WriteDictionary(sink.Body);
            var (c, u) = sink.WritePage(PageType.DictionaryPage, DictionaryCount, ValueEncoding.Plain);
            compressed += c;
            uncompressed += u;
            encodings.Add(ValueEncoding.Plain);
            encodings.Add(ValueEncoding.RleDictionary);
        }
        else
        {
            encodings.Add(ValueEncoding.Plain);
        }
        encodings.Add(ValueEncoding.Rle);
        var dataOffset = sink.Position;
        var rowsPerPage = RowsPerPage();
        var valueStart = 0;
        for (var rowStart = 0; rowStart < Rows; rowStart += rowsPerPage)
        {
            var rows = Math.Min(rowsPerPage, Rows - rowStart);
            var values = WriteLevels(rowStart, rows, sink.Body);
            if (DictionaryActive && ValueCount > 0)
            {
                var bitWidth = BitWidth(DictionaryCount - 1);
                sink.Body.WriteByte((byte)bitWidth);
                RleHybridEncoder.Encode(Indices.Slice(valueStart, values), bitWidth, sink.Body);
            }
            else
            {
                WritePlain(valueStart, values, sink.Body);
            }
            valueStart += values;
            var (c, u) = sink.WritePage(PageType.DataPage, rows,
                DictionaryActive && ValueCount > 0 ? ValueEncoding.RleDictionary : ValueEncoding.Plain);
            compressed += c;
            uncompressed += u;
        }
        var metadata = new ColumnMetaData
        {
            Type = PhysicalType,
            Encodings = encodings,
            PathInSchema = [Field.Name],
            Codec = sink.Codec,
            NumValues = Rows,
            TotalCompressedSize = compressed,
            TotalUncompressedSize = uncompressed,
            DataPageOffset = dataOffset,
            DictionaryPageOffset = dictionaryOffset,
            Statistics = CreateStatistics(),
        };
        metadata.Statistics.NullCount = NullCount;
        var chunk = new ColumnChunk { FileOffset = chunkStart, MetaData = metadata };
        Rows = 0;
        ValueCount = 0;
        NullCount = 0;
        DictionaryActive = true;
        ResetValues();
        return chunk;
    }

    /// <summary>Writes v1 definition levels (length-prefixed RLE) for a row range; returns how many values it holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int WriteLevels(int rowStart, int rows, ByteBuffer output)
    {
        if (_definitionLevels is null)
        {
            return rows;
        }
        var levels = _definitionLevels.AsSpan(rowStart, rows);
        var lengthAt = output.Length;
        output.WriteInt32(0);
        var present = 0;
        foreach (var level in levels)
        {
            present += level;
        }
        if (present == rows)
        {
            RleHybridEncoder.EncodeRun(1, rows, 1, output);
        }
        else
        {
            RleHybridEncoder.Encode(levels, 1, output);
        }
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(output.RawBuffer.AsSpan(lengthAt), output.Length - lengthAt - 4);
        return present;
    }

    private int RowsPerPage()
    {
        if (Rows == 0)
        {
            return 1;
        }
        var bytes = DictionaryActive ? (long)ValueCount * BitWidth(DictionaryCount - 1) / 8 : PlainBytes;
        var perRow = Math.Max(1, bytes / Rows);
        return (int)Math.Clamp(Options.PageSizeBytes / perRow, 1, Rows);
    }

    /// <summary>Index bit width; at least 1 because some readers mishandle a zero-width index stream.</summary>
    protected static int BitWidth(int maxValue) => maxValue <= 1 ? 1 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)maxValue);
}
