namespace DataPort.Tabular.Parquet;

/// <summary>What a Parquet footer says about a file: used by <c>dataport parquet inspect</c>.</summary>
public sealed record ParquetFileInfo(
    ParquetSchema Schema,
    IReadOnlyList<ParquetColumnInfo> Columns,
    long RowCount,
    string? CreatedBy,
    int FormatVersion,
    IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata,
    IReadOnlyList<ParquetRowGroupInfo> RowGroups);

/// <summary>A column as stored: the Parquet physical type and annotations behind its <see cref="ParquetField"/>.</summary>
public sealed record ParquetColumnInfo(ParquetField Field, string PhysicalType, string? LogicalType, int? TypeLength);

public sealed record ParquetRowGroupInfo(
    int Index,
    long RowCount,
    long TotalByteSize,
    long? TotalCompressedSize,
    IReadOnlyList<ParquetColumnChunkInfo> Columns);

public sealed record ParquetColumnChunkInfo(
    string Name,
    string PhysicalType,
    string Codec,
    IReadOnlyList<string> Encodings,
    long ValueCount,
    long CompressedSize,
    long UncompressedSize,
    long DataPageOffset,
    long? DictionaryPageOffset,
    ParquetStatistics? Statistics);

/// <summary>Column chunk statistics; Min and Max are decoded to the column's CLR type when present.</summary>
public sealed record ParquetStatistics(long? NullCount, long? DistinctCount, object? Min, object? Max);
