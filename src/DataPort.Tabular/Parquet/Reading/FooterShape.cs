namespace DataPort.Tabular.Parquet.Reading;

/// <summary>
/// Walks a footer's Thrift compact encoding without decoding it, checking that every length and count fits
/// in the bytes left. Parquet.Net trusts them: it allocates a string's claimed length before reading it and
/// reads a varint cut off at the footer's end forever. A footer that passes cannot do either; Parquet.Net
/// then decodes it.
/// </summary>
internal ref struct FooterShape
{
    private const int MaxDepth = 64;
    private readonly ReadOnlySpan<byte> _footer;
    private int _position;

    private FooterShape(ReadOnlySpan<byte> footer) => _footer = footer;

    /// <summary>Throws a <see cref="ParquetException"/> naming the offset where the footer stops making sense.</summary>
    public static void Check(ReadOnlySpan<byte> footer)
    {
        var shape = new FooterShape(footer);
        shape.Struct(0);
    }

    private void Struct(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Corrupt("nests too deep");
        }
        while (true)
        {
            var header = Byte();
            if (header == 0)
            {
                return;
            }
            if (header >> 4 == 0)
            {
                Varint();
            }
            Value(header & 0x0F, depth);
        }
    }

    private void Value(int type, int depth)
    {
        switch (type)
        {
            case 1 or 2:
                break;
            case 3:
                Byte();
                break;
            case 4 or 5 or 6:
                Varint();
                break;
            case 7:
                Skip(8);
                break;
            case 8:
                Skip(Length());
                break;
            case 9 or 10:
                List(depth);
                break;
            case 11:
                Map(depth);
                break;
            case 12:
                Struct(depth + 1);
                break;
            default:
                throw Corrupt($"has an unknown field type {type}");
        }
    }

    private void List(int depth)
    {
        var header = Byte();
        var count = header >> 4 == 15 ? Length() : header >> 4;
        var element = header & 0x0F;
        // Every element takes at least one byte, so a count past the bytes left is a lie.
        if (count > _footer.Length - _position)
        {
            throw Corrupt($"claims a list of {count} items");
        }
        for (var i = 0; i < count; i++)
        {
            if (element is 1 or 2)
            {
                Byte();
            }
            else
            {
                Value(element, depth + 1);
            }
        }
    }

    private void Map(int depth)
    {
        var count = Length();
        if (count == 0)
        {
            return;
        }
        var types = Byte();
        if (count > (_footer.Length - _position) / 2)
        {
            throw Corrupt($"claims a map of {count} entries");
        }
        for (var i = 0; i < count; i++)
        {
            Value(types >> 4, depth + 1);
            Value(types & 0x0F, depth + 1);
        }
    }

    private int Length()
    {
        var length = Varint();
        if (length < 0 || length > _footer.Length - _position)
        {
            throw Corrupt($"claims {length} bytes where {_footer.Length - _position} are left");
        }
        return (int)length;
    }

    private long Varint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (long)value;
            }
        }
        throw Corrupt("has a number longer than ten bytes");
    }

    private byte Byte()
    {
        if (_position >= _footer.Length)
        {
            throw Corrupt("ends in the middle of a value");
        }
        return _footer[_position++];
    }

    private void Skip(int count)
    {
        if (count > _footer.Length - _position)
        {
            throw Corrupt("ends in the middle of a value");
        }
        _position += count;
    }

    private readonly ParquetException Corrupt(string what) => new($"corrupt Parquet footer: at byte {_position} it {what}");
}
