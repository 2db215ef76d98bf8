using DataPort.Parquet.Thrift;

namespace DataPort.Parquet.Format;

internal sealed class PageHeader
{
    public PageType Type { get; set; }

    public int UncompressedPageSize { get; set; }

    public int CompressedPageSize { get; set; }

    public int NumValues { get; set; }

    public ValueEncoding Encoding { get; set; }

    public ValueEncoding DefinitionLevelEncoding { get; set; } = ValueEncoding.Rle;

    /// <summary>DATA_PAGE_V2 only.</summary>
    public int NumNulls { get; set; }

    public int NumRows { get; set; }

    public int DefinitionLevelsByteLength { get; set; }

    public int RepetitionLevelsByteLength { get; set; }

    public bool IsCompressed { get; set; } = true;

    public bool HasTypedHeader { get; set; }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.FieldI32(1, (int)Type);
        writer.FieldI32(2, UncompressedPageSize);
        writer.FieldI32(3, CompressedPageSize);
        if (Type == PageType.DictionaryPage)
        {
            writer.FieldStruct(7);
            writer.BeginStruct();
            writer.FieldI32(1, NumValues);
            writer.FieldI32(2, (int)Encoding);
            writer.EndStruct();
        }
        else
        {
            writer.FieldStruct(5);
            writer.BeginStruct();
            writer.FieldI32(1, NumValues);
            writer.FieldI32(2, (int)Encoding);
            writer.FieldI32(3, (int)ValueEncoding.Rle);
            writer.FieldI32(4, (int)ValueEncoding.Rle);
            writer.EndStruct();
        }
        writer.EndStruct();
    }

    public static PageHeader Read(ref CompactReader reader)
    {
        var result = new PageHeader();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == CompactType.I32: result.Type = (PageType)reader.ReadI32(); break;
                case 2 when type == CompactType.I32: result.UncompressedPageSize = reader.ReadI32(); break;
                case 3 when type == CompactType.I32: result.CompressedPageSize = reader.ReadI32(); break;
                case 5 or 7 or 8 when type == CompactType.Struct:
                    result.HasTypedHeader = true;
                    ReadTypedHeader(ref reader, result, id);
                    break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return result;
    }

    private static void ReadTypedHeader(ref CompactReader reader, PageHeader result, short kind)
    {
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (kind, id)
            {
                case (_, 1) when type == CompactType.I32: result.NumValues = reader.ReadI32(); break;
                case (5 or 7, 2) when type == CompactType.I32: result.Encoding = (ValueEncoding)reader.ReadI32(); break;
                case (5, 3) when type == CompactType.I32: result.DefinitionLevelEncoding = (ValueEncoding)reader.ReadI32(); break;
                case (8, 2) when type == CompactType.I32: result.NumNulls = reader.ReadI32(); break;
                case (8, 3) when type == CompactType.I32: result.NumRows = reader.ReadI32(); break;
                case (8, 4) when type == CompactType.I32: result.Encoding = (ValueEncoding)reader.ReadI32(); break;
                case (8, 5) when type == CompactType.I32: result.DefinitionLevelsByteLength = reader.ReadI32(); break;
                case (8, 6) when type == CompactType.I32: result.RepetitionLevelsByteLength = reader.ReadI32(); break;
                case (8, 7) when type is CompactType.BooleanTrue or CompactType.BooleanFalse:
                    result.IsCompressed = CompactReader.ReadBool(type);
                    break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
    }
}
