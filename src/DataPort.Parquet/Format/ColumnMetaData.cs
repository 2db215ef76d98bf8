using DataPort.Parquet.Thrift;

namespace DataPort.Parquet.Format;

internal sealed class ColumnMetaData
{
    public PhysicalType Type { get; set; }

    public List<ValueEncoding> Encodings { get; set; } = [];

    public List<string> PathInSchema { get; set; } = [];

    public CompressionCodec Codec { get; set; }

    public long NumValues { get; set; }

    public long TotalUncompressedSize { get; set; }

    public long TotalCompressedSize { get; set; }

    public long DataPageOffset { get; set; }

    public long? DictionaryPageOffset { get; set; }

    public Statistics? Statistics { get; set; }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.FieldI32(1, (int)Type);
        writer.FieldListBegin(2, CompactType.I32, Encodings.Count);
        foreach (var encoding in Encodings)
        {
            writer.ElementI32((int)encoding);
        }
        writer.FieldListBegin(3, CompactType.Binary, PathInSchema.Count);
        foreach (var part in PathInSchema)
        {
            writer.ElementString(part);
        }
        writer.FieldI32(4, (int)Codec);
        writer.FieldI64(5, NumValues);
        writer.FieldI64(6, TotalUncompressedSize);
        writer.FieldI64(7, TotalCompressedSize);
        writer.FieldI64(9, DataPageOffset);
        if (DictionaryPageOffset is { } dictionaryOffset)
        {
            writer.FieldI64(11, dictionaryOffset);
        }
        if (Statistics is not null)
        {
            writer.FieldStruct(12);
            Statistics.Write(writer);
        }
        writer.EndStruct();
    }

    public static ColumnMetaData Read(ref CompactReader reader)
    {
        var result = new ColumnMetaData();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: result.Type = (PhysicalType)reader.ReadI32(); break;
                case 2 when type == CompactType.List:
                    {
                        var count = reader.ReadListHeader(out var elementType);
                        for (var i = 0; i < count; i++)
                        {
                            if (elementType == CompactType.I32)
                            {
                                result.Encodings.Add((ValueEncoding)reader.ReadI32());
                            }
                            else
                            {
                                reader.Skip(elementType);
                            }
                        }
                        break;
                    }
                case 3 when type == CompactType.List:
                    {
                        var count = reader.ReadListHeader(out var elementType);
                        for (var i = 0; i < count; i++)
                        {
                            if (elementType == CompactType.Binary)
                            {
                                result.PathInSchema.Add(reader.ReadString());
                            }
                            else
                            {
                                reader.Skip(elementType);
                            }
                        }
                        break;
                    }
                case 4 when type == CompactType.I32: result.Codec = (CompressionCodec)reader.ReadI32(); break;
                case 5 when type == CompactType.I64: result.NumValues = reader.ReadI64(); break;
                case 6 when type == CompactType.I64: result.TotalUncompressedSize = reader.ReadI64(); break;
                case 7 when type == CompactType.I64: result.TotalCompressedSize = reader.ReadI64(); break;
                case 9 when type == CompactType.I64: result.DataPageOffset = reader.ReadI64(); break;
                case 11 when type == CompactType.I64: result.DictionaryPageOffset = reader.ReadI64(); break;
                case 12 when type == CompactType.Struct: result.Statistics = Statistics.Read(ref reader); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return result;
    }
}
