using System.Buffers.Binary;
using DataPort.Tabular.Parquet.Reading;
using Parquet;
using Parquet.Schema;
using NetReader = Parquet.ParquetReader;

namespace DataPort.Tabular.Parquet;

/// <summary>
/// Reads flat Parquet files from any writer (DataPort's own, DuckDB, Spark, pandas) through Parquet.Net: the
/// footer on open, then one row group at a time, values as the CLR types listed on <see cref="ParquetField"/>.
/// Before Parquet.Net reads anything, the footer's length and every column chunk's place are checked against
/// the file, so a corrupt or hostile file fails with a <see cref="ParquetException"/> rather than allocating
/// without bound; whatever Parquet.Net itself finds wrong is reported the same way.
/// </summary>
public sealed class ParquetReader : IDisposable
{
    private const int TailLength = 8;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ParquetReaderOptions _options;
    private readonly NetReader _file;
    private readonly DataField[] _dataFields;
    private readonly global::Parquet.Meta.SchemaElement[] _leaves;
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
        _dataEnd = Guard(() => CheckFraming(stream, options));
        var netOptions = new ParquetOptions { UseDateOnlyTypeForDates = true, TreatByteArrayAsString = false };
        _file = Guard(() => NetReader.CreateAsync(stream, netOptions, true).GetAwaiter().GetResult());
        (_dataFields, Schema) = Guard(() => FlatSchema(_file.Schema));
        if (_file.Metadata is not { NumRows: >= 0 } metadata || metadata.RowGroups.Any(g => g.NumRows < 0))
        {
            throw new ParquetException("corrupt Parquet metadata: a negative row count");
        }
        KeyValueMetadata = [.. (metadata.KeyValueMetadata ?? []).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))];
        // A flat schema: its leaves are the columns, in order.
        _leaves = [.. metadata.Schema.Where(e => e.Type is not null)];
    }

    public ParquetSchema Schema { get; }

    public long RowCount => _file.Metadata!.NumRows;

    public int RowGroupCount => _file.RowGroupCount;

    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata { get; }

    public static ParquetReader Open(Stream stream, ParquetReaderOptions? options = null, bool leaveOpen = false) =>
        new(stream, options ?? ParquetReaderOptions.Default, leaveOpen);

    public static ParquetReader Open(string path, ParquetReaderOptions? options = null)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new(stream, options ?? ParquetReaderOptions.Default, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads every column of one row group.</summary>
    public IReadOnlyList<ParquetColumn> ReadRowGroup(int index)
    {
        if (index < 0 || index >= RowGroupCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the file has {RowGroupCount} row groups");
        }
        return Guard(() => ReadRowGroupCore(index));
    }

    /// <summary>
    /// Every row group in order. The next one is decoded on a worker while the caller works through this one (a
    /// sandbox load's COPY, a CSV conversion), so memory holds two row groups.
    /// </summary>
    public IEnumerable<IReadOnlyList<ParquetColumn>> ReadRowGroups()
    {
        Task<IReadOnlyList<ParquetColumn>>? next = RowGroupCount > 0 ? Task.Run(() => ReadRowGroup(0)) : null;
        try
        {
            for (var g = 0; next is not null; g++)
            {
                var current = next.GetAwaiter().GetResult();
                var following = g + 1;
                next = following < RowGroupCount ? Task.Run(() => ReadRowGroup(following)) : null;
                yield return current;
            }
        }
        finally
        {
            // A caller that stops early must not leave a read running on a reader it is about to dispose.
            if (next is not null)
            {
                try
                {
                    next.GetAwaiter().GetResult();
                }
                catch (ParquetException)
                {
                }
            }
        }
    }

    /// <summary>All rows, row group by row group (see <see cref="ReadRowGroups"/>).</summary>
    public IEnumerable<object?[]> ReadRows()
    {
        foreach (var columns in ReadRowGroups())
        {
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
        if (RowCount > _options.MaxRowsPerRowGroup)
        {
            throw new ParquetException($"the file has {RowCount} rows, more than ReadAllColumns holds ({_options.MaxRowsPerRowGroup}); read row group by row group");
        }
        var result = Schema.Fields.Select(f => new ParquetColumn(f, new object?[RowCount])).ToArray();
        var offset = 0;
        foreach (var columns in ReadRowGroups())
        {
            var rows = columns.Count == 0 ? 0 : columns[0].Values.Length;
            if (offset + rows > RowCount)
            {
                throw new ParquetException("corrupt Parquet metadata: the row groups hold more rows than the file declares");
            }
            for (var c = 0; c < columns.Count; c++)
            {
                columns[c].Values.CopyTo(result[c].Values, offset);
            }
            offset += rows;
        }
        return result;
    }

    /// <summary>The footer as data: schema, row groups, codecs, encodings, statistics, key-value metadata.</summary>
    public ParquetFileInfo GetInfo() => Guard(() => FileDescription.Describe(_file, Schema, _dataFields, KeyValueMetadata));

    public void Dispose()
    {
        _file.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private ParquetColumn[] ReadRowGroupCore(int index)
    {
        var group = _file.Metadata!.RowGroups[index];
        if (group.NumRows > _options.MaxRowsPerRowGroup)
        {
            throw new ParquetException($"corrupt Parquet metadata: row group {index} declares {group.NumRows} rows (limit {_options.MaxRowsPerRowGroup})");
        }
        if (group.Columns.Count != _dataFields.Length)
        {
            throw new ParquetException($"corrupt Parquet metadata: row group {index} has {group.Columns.Count} column chunks for {_dataFields.Length} columns");
        }
        for (var c = 0; c < group.Columns.Count; c++)
        {
            CheckChunkPlace(group.Columns[c].MetaData, Schema.Fields[c].Name, group.NumRows);
        }
        var rows = (int)group.NumRows;
        using var rowGroup = _file.OpenRowGroupReader(index);
        var result = new ParquetColumn[_dataFields.Length];
        for (var c = 0; c < _dataFields.Length; c++)
        {
            var values = rows == 0 ? [] : ColumnValues.Read(rowGroup, _dataFields[c], Schema.Fields[c], c < _leaves.Length ? _leaves[c] : null, rows);
            result[c] = new ParquetColumn(Schema.Fields[c], values);
        }
        return result;
    }

    /// <summary>A chunk's claimed bytes must lie inside the file's data, and its value count must be the row group's.</summary>
    private void CheckChunkPlace(global::Parquet.Meta.ColumnMetaData? chunk, string column, long rows)
    {
        if (chunk is null)
        {
            throw new ParquetException($"corrupt Parquet metadata: column '{column}' has no chunk metadata");
        }
        var start = chunk.DictionaryPageOffset is long d && d > 0 && d < chunk.DataPageOffset ? d : chunk.DataPageOffset;
        var length = chunk.TotalCompressedSize;
        if (start < 4 || length < 0 || start > _dataEnd || length > _dataEnd - start || length > _options.MaxColumnChunkBytes)
        {
            throw new ParquetException($"corrupt Parquet metadata: column '{column}' claims bytes {start}..{start + length} of a file whose data ends at {_dataEnd}");
        }
        if (chunk.NumValues != rows)
        {
            throw new ParquetException($"corrupt Parquet metadata: column '{column}' holds {chunk.NumValues} values in a row group of {rows} rows");
        }
    }

    /// <summary>The PAR1 magic at both ends, a footer length that fits and a footer of sound shape: checked before Parquet.Net reads the footer.</summary>
    private static long CheckFraming(Stream stream, ParquetReaderOptions options)
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
        FooterShape.Check(footer);
        stream.Seek(0, SeekOrigin.Begin);
        return footerStart;
    }

    /// <summary>DataPort's datasets are tables: a nested or unreadable column is named, not skipped.</summary>
    private static (DataField[] Fields, ParquetSchema Schema) FlatSchema(global::Parquet.Schema.ParquetSchema schema)
    {
        var fields = new List<DataField>();
        var mapped = new List<ParquetField>();
        foreach (var field in schema.Fields)
        {
            if (field is not DataField data)
            {
                throw new ParquetException($"column '{field.Name}' is a {field.SchemaType.ToString().ToLowerInvariant()}: DataPort reads flat tables only");
            }
            var ours = ParquetNetTypes.FromDataField(data)
                ?? throw new ParquetException($"column '{field.Name}' has a type DataPort does not read ({data.ClrType.Name})");
            fields.Add(data);
            mapped.Add(ours);
        }
        if (mapped.Count == 0)
        {
            throw new ParquetException("the file has no columns");
        }
        return ([.. fields], new ParquetSchema(mapped));
    }

    /// <summary>
    /// Whatever a malformed file makes Parquet.Net (or the checks above) throw surfaces as a ParquetException,
    /// never as a crash: its I/O errors are short reads of lying lengths, and an out-of-memory is one huge
    /// array a lying length asked for (the allocation failed, so nothing is held).
    /// </summary>
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not (ParquetException or OperationCanceledException))
        {
            throw new ParquetException($"corrupt or unsupported Parquet file: {e.Message}", e);
        }
    }
}
