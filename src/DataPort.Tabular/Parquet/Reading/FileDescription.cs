using System.Numerics;
using Parquet.Meta;
using Parquet.Schema;
using NetReader = Parquet.ParquetReader;

namespace DataPort.Tabular.Parquet.Reading;

/// <summary>What Parquet.Net read from a footer, described in DataPort's terms for <c>dataport parquet inspect</c>.</summary>
internal static class FileDescription
{
    public static ParquetFileInfo Describe(NetReader file, ParquetSchema schema, DataField[] fields, IReadOnlyList<KeyValuePair<string, string?>> metadata)
    {
        var footer = file.Metadata!;
        var leaves = footer.Schema.Where(e => e.Type is not null).ToArray();
        var columns = schema.Fields.Select((field, i) => Column(field, i < leaves.Length ? leaves[i] : null)).ToArray();
        var groups = footer.RowGroups.Select((group, index) => new ParquetRowGroupInfo(
            index,
            group.NumRows,
            group.TotalByteSize,
            group.TotalCompressedSize,
            [.. group.Columns.Select((chunk, c) => Chunk(chunk, c < fields.Length ? schema.Fields[c] : null, c < leaves.Length ? leaves[c] : null))])).ToArray();
        return new ParquetFileInfo(schema, columns, footer.NumRows, footer.CreatedBy, footer.Version, metadata, groups);
    }

    private static ParquetColumnInfo Column(ParquetField field, SchemaElement? element) => new(
        field,
        PhysicalName(element?.Type),
        element is null ? null : LogicalName(element),
        element?.Type == global::Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY ? element.TypeLength : null);

    private static ParquetColumnChunkInfo Chunk(ColumnChunk chunk, ParquetField? field, SchemaElement? element)
    {
        var metadata = chunk.MetaData ?? throw new ParquetException("corrupt Parquet metadata: a column chunk has no metadata");
        ParquetStatistics? statistics = null;
        if (metadata.Statistics is { } s && field is not null && element is not null)
        {
            // The deprecated min/max used signed byte order; trust them only where that order is the true one.
            var legacyOk = element.Type is not (global::Parquet.Meta.Type.BYTE_ARRAY or global::Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY);
            statistics = new ParquetStatistics(
                s.NullCount,
                s.DistinctCount,
                StatisticValue(field, element, s.MinValue ?? (legacyOk ? s.Min : null)),
                StatisticValue(field, element, s.MaxValue ?? (legacyOk ? s.Max : null)));
        }
        return new ParquetColumnChunkInfo(
            metadata.PathInSchema.Count > 0 ? string.Join('.', metadata.PathInSchema) : field?.Name ?? "?",
            PhysicalName(metadata.Type),
            CodecName(metadata.Codec),
            [.. metadata.Encodings.Select(e => e.ToString())],
            metadata.NumValues,
            metadata.TotalCompressedSize,
            metadata.TotalUncompressedSize,
            metadata.DataPageOffset,
            metadata.DictionaryPageOffset,
            statistics);
    }

    /// <summary>A statistic is stored PLAIN-encoded in the column's physical type; it is shown as the column's value.</summary>
    private static object? StatisticValue(ParquetField field, SchemaElement element, byte[]? raw)
    {
        if (raw is null)
        {
            return null;
        }
        var span = raw.AsSpan();
        return (element.Type, field.Type) switch
        {
            (global::Parquet.Meta.Type.BOOLEAN, _) when span.Length == 1 => span[0] != 0,
            (global::Parquet.Meta.Type.INT32, ParquetType.Date) when span.Length == 4 => StoredValues.Date(BitConverter.ToInt32(span)),
            (global::Parquet.Meta.Type.INT32, ParquetType.Decimal) when span.Length == 4 => StoredValues.Decimal(BitConverter.ToInt32(span), field.Scale),
            (global::Parquet.Meta.Type.INT32, ParquetType.Int64) when span.Length == 4 => (long)BitConverter.ToInt32(span),
            (global::Parquet.Meta.Type.INT32, _) when span.Length == 4 => BitConverter.ToInt32(span),
            (global::Parquet.Meta.Type.INT64, ParquetType.Decimal) when span.Length == 8 => StoredValues.Decimal(BitConverter.ToInt64(span), field.Scale),
            (global::Parquet.Meta.Type.INT64, ParquetType.Timestamp) when span.Length == 8 => StoredValues.Timestamp(BitConverter.ToInt64(span), element),
            (global::Parquet.Meta.Type.INT64, _) when span.Length == 8 => BitConverter.ToInt64(span),
            // NaN bounds nothing: a chunk holding one has no usable bounds (DuckDB ignores them too).
            (global::Parquet.Meta.Type.FLOAT, _) when span.Length == 4 && !float.IsNaN(BitConverter.ToSingle(span)) => (double)BitConverter.ToSingle(span),
            (global::Parquet.Meta.Type.DOUBLE, _) when span.Length == 8 && !double.IsNaN(BitConverter.ToDouble(span)) => BitConverter.ToDouble(span),
            (global::Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY or global::Parquet.Meta.Type.BYTE_ARRAY, ParquetType.Decimal) when span.Length is > 0 and <= 16 =>
                StoredValues.Decimal(new BigInteger(span, isUnsigned: false, isBigEndian: true), field.Scale),
            (global::Parquet.Meta.Type.BYTE_ARRAY, ParquetType.String) => System.Text.Encoding.UTF8.GetString(span),
            (global::Parquet.Meta.Type.BYTE_ARRAY or global::Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY, _) => raw,
            _ => null,
        };
    }

    /// <summary>The names <c>--codec</c> takes, for the codecs DataPort writes; the format's own name for the rest.</summary>
    private static string CodecName(CompressionCodec codec) => codec switch
    {
        CompressionCodec.UNCOMPRESSED => "none",
        CompressionCodec.LZ4_RAW => "lz4",
        _ => codec.ToString().ToLowerInvariant(),
    };

    private static string PhysicalName(global::Parquet.Meta.Type? type) => type?.ToString() ?? "UNKNOWN";

    private static string? LogicalName(SchemaElement element)
    {
        var logical = element.LogicalType;
        return logical switch
        {
            { DECIMAL: { } d } => $"DECIMAL({d.Precision},{d.Scale})",
            { TIMESTAMP: { } t } => $"TIMESTAMP({(t.Unit.MILLIS is not null ? "MILLIS" : t.Unit.NANOS is not null ? "NANOS" : "MICROS")},{(t.IsAdjustedToUTC ? "UTC" : "local")})",
            { DATE: not null } => "DATE",
            { STRING: not null } => "STRING",
            { INTEGER: { } i } => $"INTEGER({i.BitWidth},{(i.IsSigned ? "signed" : "unsigned")})",
            { UUID: not null } => "UUID",
            { JSON: not null } => "JSON",
            { ENUM: not null } => "ENUM",
            _ when element.ConvertedType is { } converted => $"converted:{converted}",
            _ => null,
        };
    }
}
