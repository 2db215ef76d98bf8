using System.Text;

namespace DataPort.Parquet.Thrift;

/// <summary>
/// Thrift compact protocol decoder over a buffer that is already in memory. Every length is checked
/// against the bytes that remain and nesting is capped, so a corrupt footer fails fast instead of
/// allocating or recursing without bound.
/// </summary>
internal ref struct CompactReader
{
    private const int MaxDepth = 64;
    private readonly ReadOnlySpan<byte> _data;
    private readonly Stack<short> _lastIds;
    private short _lastId;
    private int _position;

    public CompactReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _lastIds = new Stack<short>();
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public void BeginStruct()
    {
        if (_lastIds.Count >= MaxDepth)
        {
            throw Corrupt("structures nested too deeply");
        }
        _lastIds.Push(_lastId);
        _lastId = 0;
    }

    public void EndStruct() => _lastId = _lastIds.Pop();

    /// <summary>Reads the next field header; returns false at the struct's stop byte.</summary>
    public bool NextField(out short id, out CompactType type)
    {
        var header = ReadByte();
        if (header == 0)
        {
            id = 0;
            type = CompactType.Stop;
            return false;
        }
        type = (CompactType)(header & 0x0F);
        var delta = header >> 4;
        id = delta != 0 ? (short)(_lastId + delta) : (short)ReadZigZag32();
        if (type > CompactType.Struct)
        {
            throw Corrupt($"unknown Thrift field type {(int)type}");
        }
        _lastId = id;
        return true;
    }

    public int ReadI32() => ReadZigZag32();

    public long ReadI64()
    {
        var raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public static bool ReadBool(CompactType fieldType) => fieldType == CompactType.BooleanTrue;

    public byte[] ReadBinary()
    {
        var length = ReadLength();
        var bytes = _data.Slice(_position, length).ToArray();
        _position += length;
        return bytes;
    }

    public string ReadString()
    {
        var length = ReadLength();
        var text = Encoding.UTF8.GetString(_data.Slice(_position, length));
        _position += length;
        return text;
    }

    /// <summary>Reads a list header; the count is checked against the remaining bytes (each element takes at least one).</summary>
    public int ReadListHeader(out CompactType elementType)
    {
        var header = ReadByte();
        elementType = (CompactType)(header & 0x0F);
        var count = header >> 4;
        if (count == 15)
        {
            var size = ReadVarint();
            if (size > (ulong)Remaining)
            {
                throw Corrupt($"a list claims {size} elements but only {Remaining} bytes remain");
            }
            count = (int)size;
        }
        // Every element takes at least one byte (even an empty struct has its stop byte).
        if (count > Remaining)
        {
            throw Corrupt($"a list claims {count} elements but only {Remaining} bytes remain");
        }
        return count;
    }

    public void Skip(CompactType type) => Skip(type, 0);

    private void Skip(CompactType type, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Corrupt("structures nested too deeply");
        }
        switch (type)
        {
            case CompactType.BooleanTrue or CompactType.BooleanFalse:
                return;
            case CompactType.Byte:
                ReadByte();
                return;
            case CompactType.I16 or CompactType.I32 or CompactType.I64:
                ReadVarint();
                return;
            case CompactType.Double:
                Advance(8);
                return;
            case CompactType.Binary:
                Advance(ReadLength());
                return;
            case CompactType.List or CompactType.Set:
                {
                    var count = ReadListHeader(out var elementType);
                    for (var i = 0; i < count; i++)
                    {
                        if (elementType is CompactType.BooleanTrue or CompactType.BooleanFalse)
                        {
                            ReadByte();
                        }
                        else
                        {
                            Skip(elementType, depth + 1);
                        }
                    }
                    return;
                }
            case CompactType.Map:
                {
                    var size = ReadVarint();
                    if (size == 0)
                    {
                        return;
                    }
                    if (size > (ulong)Remaining)
                    {
                        throw Corrupt($"a map claims {size} entries but only {Remaining} bytes remain");
                    }
                    var kinds = ReadByte();
                    for (ulong i = 0; i < size; i++)
                    {
                        Skip((CompactType)(kinds >> 4), depth + 1);
                        Skip((CompactType)(kinds & 0x0F), depth + 1);
                    }
                    return;
                }
            case CompactType.Struct:
                BeginStruct();
                while (NextField(out _, out var fieldType))
                {
                    Skip(fieldType, depth + 1);
                }
                EndStruct();
                return;
            default:
                throw Corrupt($"unknown Thrift type {(int)type}");
        }
    }

    private int ReadLength()
    {
        var length = ReadVarint();
        if (length > (ulong)Remaining)
        {
            throw Corrupt($"a field claims {length} bytes but only {Remaining} remain");
        }
        return (int)length;
    }

    private void Advance(int count)
    {
        if (count > Remaining)
        {
            throw Corrupt("unexpected end of metadata");
        }
        _position += count;
    }

    private byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Corrupt("unexpected end of metadata");
        }
        return _data[_position++];
    }

    private int ReadZigZag32()
    {
        var raw = ReadVarint();
        if (raw > uint.MaxValue)
        {
            throw Corrupt("a 32-bit integer is out of range");
        }
        var value = (uint)raw;
        return (int)(value >> 1) ^ -(int)(value & 1);
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw Corrupt("a variable-length integer is too long");
    }

    private static ParquetException Corrupt(string detail) => new($"corrupt Parquet metadata: {detail}");
}
