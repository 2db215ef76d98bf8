using DataPort.Parquet.Thrift;

namespace DataPort.Parquet.Format;

internal static class KeyValueList
{
    public static void Write(CompactWriter writer, short fieldId, IReadOnlyCollection<KeyValuePair<string, string>> pairs)
    {
        writer.FieldListBegin(fieldId, CompactType.Struct, pairs.Count);
        foreach (var (key, value) in pairs)
        {
            writer.BeginStruct();
            writer.FieldString(1, key);
            writer.FieldString(2, value);
            writer.EndStruct();
        }
    }

    public static List<KeyValuePair<string, string?>> Read(ref CompactReader reader)
    {
        var count = reader.ReadListHeader(out var elementType);
        var result = new List<KeyValuePair<string, string?>>(count);
        for (var i = 0; i < count; i++)
        {
            if (elementType != CompactType.Struct)
            {
                reader.Skip(elementType);
                continue;
            }
            string key = "";
            string? value = null;
            reader.BeginStruct();
            while (reader.NextField(out var id, out var type))
            {
                switch (id)
                {
                    case 1 when type == CompactType.Binary: key = reader.ReadString(); break;
                    case 2 when type == CompactType.Binary: value = reader.ReadString(); break;
                    default: reader.Skip(type); break;
                }
            }
            reader.EndStruct();
            result.Add(new(key, value));
        }
        return result;
    }
}
