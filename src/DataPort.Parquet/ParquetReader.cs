using System.Buffers.Binary;
using DataPort.Parquet.Compression;
using DataPort.Parquet.Format;
using DataPort.Parquet.Reading;

namespace DataPort.Parquet;

/// <summary>
/// Reads flat Parquet files (DataPort's own and other writers', e.g. DuckDB): the footer on open, then one
/// row group at a time. Every offset and length in the file is checked against the file's size, so a
/// corrupt or truncated file fails with a <see cref="ParquetException"/> rather than hanging or allocating without bound.
/// </summary>
public sealed class ParquetReader : IDisposable
{
    private const int TailLength = 8;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ParquetReaderOptions _options;
    private readonly FileMetaData _metadata;
    private readonly List<ColumnDescriptor> _columns;
    private readonly long _dataEnd;

    private ParquetReader(Stream stream, ParquetReaderOptions options, bool leaveOpen)
    {
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("a Parquet file is read from its end: the stream must be readable and seekable", nameof(stream));
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
        _options = options;
        (_metadata, _dataEnd) = Guard(() => ReadFooter(stream, options));
        _columns = Guard(() => SchemaReader.Read(_metadata.Schema));
        Schema = new ParquetSchema(_columns.Select(c => c.Field));
        if (_metadata.NumRows < 0)
        {
            throw new ParquetException($"corrupt Parquet metadata: {_metadata.NumRows} rows");
        }
    }

    public ParquetSchema Schema { get; }

    public long RowCount => _metadata.NumRows;

    public int RowGroupCount => _metadata.RowGroups.Count;

    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata => _metadata.KeyValueMetadata;

    public static ParquetReader Open(Stream stream, ParquetReaderOptions? options = null, bool leaveOpen = false) =>
        new(stream, options ?? ParquetReaderOptions.Default, leaveOpen);

    public static ParquetReader Open(string path, ParquetReaderOptions? options = null) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), options ?? ParquetReaderOptions.Default, leaveOpen: false);

    /// <summary>Reads every column of one row group.</summary>
    public IReadOnlyList<ParquetColumn> ReadRowGroup(int index) => Guard<IReadOnlyList<ParquetColumn>>(() => ReadRowGroupCore(index));

    /// <summary>All rows, one row group in memory at a time.</summary>
    public IEnumerable<object?[]> ReadRows()
    {
        for (var g = 0; g < RowGroupCount; g++)
        {
            var columns = ReadRowGroup(g);
            var rows = columns.Count == 0 ? 0 : columns[0].Values.Length;
            for (var r = 0; r < rows; r++)
            {
                var row = new object?[columns.Count];
                for (var c = 0; c < columns.Count; c++)
                {
                    row[c] = columns[c].Values[r];
                }
                yield return row;
            }
        }
    }

    /// <summary>Every column with all row groups concatenated (for small files and tests).</summary>
    public IReadOnlyList<ParquetColumn> ReadAllColumns()
    {
        var total = 0L;
        foreach (var group in _metadata.RowGroups)
        {
            total += group.NumRows;
        }
        if (total > _options.MaxRowsPerRowGroup)
        {
            throw new ParquetException($"the file has {total} rows, more than ReadAllColumns holds ({_options.MaxRowsPerRowGroup}); read row group by row group");
        }
        var result = _columns.Select(c => new ParquetColumn(c.Field, new object?[total])).ToArray();
        var offset = 0;
        for (var g = 0; g < RowGroupCount; g++)
        {
            var columns = ReadRowGroup(g);
            for (var c = 0; c < columns.Count; c++)
            {
                columns[c].Values.CopyTo(result[c].Values, offset);
            }
            offset += columns.Count == 0 ? 0 : columns[0].Values.Length;
        }
        return result;
    }

    /// <summary>The footer as data: schema, row groups, codecs, encodings, statistics, key-value metadata.</summary>
    public ParquetFileInfo GetInfo() => Guard(() => new ParquetFileInfo(
        Schema,
        [.. _columns.Select((c, i) => new ParquetColumnInfo(c.Field, PhysicalName(c.Physical), c.LogicalName, c.Physical == PhysicalType.FixedLenByteArray ? c.TypeLength : null))],
        RowCount,
        _metadata.CreatedBy,
        _metadata.Version,
        _metadata.KeyValueMetadata,
        [.. _metadata.RowGroups.Select((g, i) => new ParquetRowGroupInfo(i, g.NumRows, g.TotalByteSize, g.TotalCompressedSize,
            [.. g.Columns.Select((chunk, c) => DescribeChunk(chunk, c))]))]));

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private ParquetColumnChunkInfo DescribeChunk(ColumnChunk chunk, int index)
    {
        var metadata = chunk.MetaData ?? throw new ParquetException("corrupt Parquet metadata: a column chunk has no metadata");
        var column = index < _columns.Count ? _columns[index] : null;
        ParquetStatistics? statistics = null;
        if (metadata.Statistics is { } s && column is not null)
        {
            // The deprecated min/max used signed byte order; trust them only where that order is the true one.
            var legacyOk = column.Physical is not (PhysicalType.ByteArray or PhysicalType.FixedLenByteArray);
            statistics = new ParquetStatistics(s.NullCount, s.DistinctCount,
                PlainDecoder.DecodeStatistic(column, s.MinValue ?? (legacyOk ? s.LegacyMin : null)),
                PlainDecoder.DecodeStatistic(column, s.MaxValue ?? (legacyOk ? s.LegacyMax : null)));
        }
        return new ParquetColumnChunkInfo(
            metadata.PathInSchema.Count > 0 ? string.Join('.', metadata.PathInSchema) : column?.Field.Name ?? $"#{index}",
            PhysicalName(metadata.Type),
            Codecs.FromFormat(metadata.Codec)?.ToString().ToLowerInvariant() ?? metadata.Codec.ToString().ToLowerInvariant(),
            [.. metadata.Encodings.Select(EncodingName)],
            metadata.NumValues,
            metadata.TotalCompressedSize,
            metadata.TotalUncompressedSize,
            metadata.DataPageOffset,
            metadata.DictionaryPageOffset,
            statistics);
    }

    private ParquetColumn[] ReadRowGroupCore(int index)
    {
        if (index < 0 || index >= RowGroupCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the file has {RowGroupCount} row groups");
        }
        var group = _metadata.RowGroups[index];
        if (group.NumRows < 0 || group.NumRows > _options.MaxRowsPerRowGroup)
        {
            throw new ParquetException($"corrupt Parquet metadata: row group {index} declares {group.NumRows} rows (limit {_options.MaxRowsPerRowGroup})");
        }
        if (group.Columns.Count != _columns.Count)
        {
            throw new ParquetException($"corrupt Parquet metadata: row group {index} has {group.Columns.Count} column chunks for {_columns.Count} columns");
        }
        var rows = (int)group.NumRows;
        var result = new ParquetColumn[_columns.Count];
        for (var c = 0; c < _columns.Count; c++)
        {
            var column = _columns[c];
            var metadata = group.Columns[c].MetaData
                ?? throw new ParquetException($"corrupt Parquet metadata: column '{column.Field.Name}' in row group {index} has no metadata");
            if (metadata.Type != column.Physical)
            {
                throw new ParquetException($"corrupt Parquet metadata: column '{column.Field.Name}' chunk type {metadata.Type} differs from the schema's {column.Physical}");
            }
            if (metadata.NumValues != group.NumRows)
            {
                throw new ParquetException($"corrupt Parquet metadata: column '{column.Field.Name}' holds {metadata.NumValues} values in a row group of {group.NumRows} rows");
            }
            var chunk = rows == 0 ? [] : ReadChunkBytes(column, metadata);
            result[c] = new ParquetColumn(column.Field, rows == 0 ? [] : ColumnChunkReader.Read(column, metadata, chunk, rows, _options));
        }
        return result;
    }

    private byte[] ReadChunkBytes(ColumnDescriptor column, ColumnMetaData metadata)
    {
        var start = metadata.DictionaryPageOffset is long d && d > 0 && d < metadata.DataPageOffset ? d : metadata.DataPageOffset;
        var length = metadata.TotalCompressedSize;
        if (start < 4 || length <= 0 || start > _dataEnd || length > _dataEnd - start)
        {
            throw new ParquetException($"corrupt Parquet metadata: column '{column.Field.Name}' claims bytes {start}..{start + length} of a file whose data ends at {_dataEnd}");
        }
        var bytes = new byte[length];
        _stream.Seek(start, SeekOrigin.Begin);
        _stream.ReadExactly(bytes);
        return bytes;
    }

    private static (FileMetaData Metadata, long DataEnd) ReadFooter(Stream stream, ParquetReaderOptions options)
    {
        var length = stream.Length;
        if (length < 12)
        {
            throw new ParquetException($"not a Parquet file: {length} bytes is too short");
        }
        Span<byte> head = stackalloc byte[4];
        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(head);
        Span<byte> tail = stackalloc byte[TailLength];
        stream.Seek(length - TailLength, SeekOrigin.Begin);
        stream.ReadExactly(tail);
        if (!head.SequenceEqual("PAR1"u8) || !tail[4..].SequenceEqual("PAR1"u8))
        {
            throw new ParquetException(tail[4..].SequenceEqual("PARE"u8)
                ? "encrypted Parquet files are not supported"
                : "not a Parquet file (or truncated): the PAR1 magic is missing at the start or end");
        }
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12 || footerLength > options.MaxFooterBytes)
        {
            throw new ParquetException($"corrupt Parquet file: footer length {footerLength} does not fit a file of {length} bytes");
        }
        var footer = new byte[footerLength];
        var footerStart = length - TailLength - footerLength;
        stream.Seek(footerStart, SeekOrigin.Begin);
        stream.ReadExactly(footer);
        return (FileMetaData.Read(footer), footerStart);
    }

    /// <summary>Safety net: any decoding slip on malformed input surfaces as a ParquetException, never as a crash.</summary>
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or OverflowException
            or InvalidCastException or EndOfStreamException or InvalidOperationException or FormatException)
        {
            if (e is ArgumentOutOfRangeException { ParamName: "index" })
            {
                throw;
            }
            throw new ParquetException($"corrupt Parquet file: {e.Message}", e);
        }
    }

    private static string PhysicalName(PhysicalType type) => type switch
    {
        PhysicalType.Boolean => "BOOLEAN",
        PhysicalType.Int32 => "INT32",
        PhysicalType.Int64 => "INT64",
        PhysicalType.Int96 => "INT96",
        PhysicalType.Float => "FLOAT",
        PhysicalType.Double => "DOUBLE",
        PhysicalType.ByteArray => "BYTE_ARRAY",
        PhysicalType.FixedLenByteArray => "FIXED_LEN_BYTE_ARRAY",
        _ => $"UNKNOWN({(int)type})",
    };

    private static string EncodingName(ValueEncoding encoding) => encoding switch
    {
        ValueEncoding.Plain => "PLAIN",
        ValueEncoding.PlainDictionary => "PLAIN_DICTIONARY",
        ValueEncoding.Rle => "RLE",
        ValueEncoding.BitPacked => "BIT_PACKED",
        ValueEncoding.DeltaBinaryPacked => "DELTA_BINARY_PACKED",
        ValueEncoding.DeltaLengthByteArray => "DELTA_LENGTH_BYTE_ARRAY",
        ValueEncoding.DeltaByteArray => "DELTA_BYTE_ARRAY",
        ValueEncoding.RleDictionary => "RLE_DICTIONARY",
        ValueEncoding.ByteStreamSplit => "BYTE_STREAM_SPLIT",
        _ => $"UNKNOWN({(int)encoding})",
    };
}
