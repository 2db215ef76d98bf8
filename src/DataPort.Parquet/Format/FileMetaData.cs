using DataPort.Parquet.Thrift;

namespace DataPort.Parquet.Format;

internal sealed class FileMetaData
{
    public int Version { get; set; } = 1;

    public List<SchemaElement> Schema { get; set; } = [];

    public long NumRows { get; set; }

    public List<RowGroup> RowGroups { get; set; } = [];

    public List<KeyValuePair<string, string?>> KeyValueMetadata { get; set; } = [];

    public string? CreatedBy { get; set; }

    /// <summary>Number of columns that carry TYPE_ORDER column orders (written so readers trust min_value/max_value).</summary>
    public int ColumnOrders { get; set; }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.FieldI32(1, Version);
        writer.FieldListBegin(2, CompactType.Struct, Schema.Count);
        foreach (var element in Schema)
        {
            element.Write(writer);
        }
        writer.FieldI64(3, NumRows);
        writer.FieldListBegin(4, CompactType.Struct, RowGroups.Count);
        foreach (var rowGroup in RowGroups)
        {
            rowGroup.Write(writer);
        }
        if (KeyValueMetadata.Count > 0)
        {
            KeyValueList.Write(writer, 5, [.. KeyValueMetadata.Select(p => new KeyValuePair<string, string>(p.Key, p.Value ?? ""))]);
        }
        if (CreatedBy is not null)
        {
            writer.FieldString(6, CreatedBy);
        }
        if (ColumnOrders > 0)
        {
            writer.FieldListBegin(7, CompactType.Struct, ColumnOrders);
            for (var i = 0; i < ColumnOrders; i++)
            {
                // ColumnOrder is a union whose TYPE_ORDER member (field 1) is an empty struct.
                writer.BeginStruct();
                writer.FieldStruct(1);
                writer.BeginStruct();
                writer.EndStruct();
                writer.EndStruct();
            }
        }
        writer.EndStruct();
    }

    public static FileMetaData Read(ReadOnlySpan<byte> footer)
    {
        var reader = new CompactReader(footer);
        var result = new FileMetaData();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: result.Version = reader.ReadI32(); break;
                case 2 when type == CompactType.List:
                    {
                        var count = reader.ReadListHeader(out var elementType);
                        for (var i = 0; i < count; i++)
                        {
                            if (elementType != CompactType.Struct)
                            {
                                throw new ParquetException("corrupt Parquet metadata: schema elements are not structs");
                            }
                            result.Schema.Add(SchemaElement.Read(ref reader));
                        }
                        break;
                    }
                case 3 when type == CompactType.I64: result.NumRows = reader.ReadI64(); break;
                case 4 when type == CompactType.List:
                    {
                        var count = reader.ReadListHeader(out var elementType);
                        for (var i = 0; i < count; i++)
                        {
                            if (elementType != CompactType.Struct)
                            {
                                throw new ParquetException("corrupt Parquet metadata: row groups are not structs");
                            }
                            result.RowGroups.Add(RowGroup.Read(ref reader));
                        }
                        break;
                    }
                case 5 when type == CompactType.List: result.KeyValueMetadata = KeyValueList.Read(ref reader); break;
                case 6 when type == CompactType.Binary: result.CreatedBy = reader.ReadString(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return result;
    }
}

internal sealed class RowGroup
{
    public List<ColumnChunk> Columns { get; set; } = [];

    public long TotalByteSize { get; set; }

    public long NumRows { get; set; }

    public long? FileOffset { get; set; }

    public long? TotalCompressedSize { get; set; }

    public short? Ordinal { get; set; }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.FieldListBegin(1, CompactType.Struct, Columns.Count);
        foreach (var column in Columns)
        {
            column.Write(writer);
        }
        writer.FieldI64(2, TotalByteSize);
        writer.FieldI64(3, NumRows);
        if (FileOffset is { } fileOffset)
        {
            writer.FieldI64(5, fileOffset);
        }
        if (TotalCompressedSize is { } compressed)
        {
            writer.FieldI64(6, compressed);
        }
        if (Ordinal is { } ordinal)
        {
            writer.FieldI32Short(7, ordinal);
        }
        writer.EndStruct();
    }

    public static RowGroup Read(ref CompactReader reader)
    {
        var result = new RowGroup();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.List:
                    {
                        var count = reader.ReadListHeader(out var elementType);
                        for (var i = 0; i < count; i++)
                        {
                            if (elementType != CompactType.Struct)
                            {
                                throw new ParquetException("corrupt Parquet metadata: column chunks are not structs");
                            }
                            result.Columns.Add(ColumnChunk.Read(ref reader));
                        }
                        break;
                    }
                case 2 when type == CompactType.I64: result.TotalByteSize = reader.ReadI64(); break;
                case 3 when type == CompactType.I64: result.NumRows = reader.ReadI64(); break;
                case 5 when type == CompactType.I64: result.FileOffset = reader.ReadI64(); break;
                case 6 when type == CompactType.I64: result.TotalCompressedSize = reader.ReadI64(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return result;
    }
}

internal sealed class ColumnChunk
{
    public long FileOffset { get; set; }

    public ColumnMetaData? MetaData { get; set; }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.FieldI64(2, FileOffset);
        if (MetaData is not null)
        {
            writer.FieldStruct(3);
            MetaData.Write(writer);
        }
        writer.EndStruct();
    }

    public static ColumnChunk Read(ref CompactReader reader)
    {
        var result = new ColumnChunk();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 2 when type == CompactType.I64: result.FileOffset = reader.ReadI64(); break;
                case 3 when type == CompactType.Struct: result.MetaData = ColumnMetaData.Read(ref reader); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return result;
    }
}
