using System.Buffers.Binary;
using DataPort.Parquet.Compression;
using DataPort.Parquet.Encodings;
using DataPort.Parquet.Format;
using DataPort.Parquet.Thrift;

namespace DataPort.Parquet.Reading;

/// <summary>Reads the pages of one column chunk (already in memory) into CLR values.</summary>
internal static class ColumnChunkReader
{
    public static object?[] Read(ColumnDescriptor column, ColumnMetaData metadata, byte[] chunk, int rows, ParquetReaderOptions options)
    {
        // Grown as pages decode, so a footer that lies about the row count costs nothing until pages back it up.
        var values = new object?[Math.Min(rows, 1 << 16)];
        object?[]? dictionary = null;
        var produced = 0;
        var position = 0;
        while (produced < rows)
        {
            if (position >= chunk.Length)
            {
                throw new ParquetException($"corrupt Parquet file: column '{column.Field.Name}' ends after {produced} of {rows} values");
            }
            var reader = new CompactReader(chunk.AsSpan(position));
            var header = PageHeader.Read(ref reader);
            position += reader.Position;
            if (header.CompressedPageSize < 0 || header.CompressedPageSize > chunk.Length - position)
            {
                throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' has a page of {header.CompressedPageSize} bytes with {chunk.Length - position} left in the chunk");
            }
            if (header.UncompressedPageSize < 0 || header.UncompressedPageSize > options.MaxPageBytes)
            {
                throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' declares an uncompressed page of {header.UncompressedPageSize} bytes");
            }
            var body = chunk.AsSpan(position, header.CompressedPageSize);
            position += header.CompressedPageSize;
            if (header.NumValues < 0)
            {
                throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' declares {header.NumValues} values");
            }
            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    {
                        if (dictionary is not null)
                        {
                            throw new ParquetException($"corrupt Parquet file: column '{column.Field.Name}' has a second dictionary page");
                        }
                        if (header.NumValues > (long)header.UncompressedPageSize * 8 + 8)
                        {
                            throw new ParquetException($"corrupt Parquet page: dictionary of {header.NumValues} entries in {header.UncompressedPageSize} bytes");
                        }
                        var data = Codecs.Decompress(metadata.Codec, body, header.UncompressedPageSize);
                        dictionary = PlainDecoder.Decode(column, data, header.NumValues);
                        break;
                    }
                case PageType.DataPage or PageType.DataPageV2:
                    {
                        if (!header.HasTypedHeader)
                        {
                            throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' has a data page without its header");
                        }
                        if (header.NumValues > rows - produced)
                        {
                            throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' page holds {header.NumValues} values but only {rows - produced} rows remain");
                        }
                        var pageValues = header.Type == PageType.DataPage
                            ? ReadV1(column, metadata.Codec, header, body, dictionary)
                            : ReadV2(column, metadata.Codec, header, body, dictionary);
                        if (produced + pageValues.Length > values.Length)
                        {
                            Array.Resize(ref values, (int)Math.Min(rows, Math.Max(produced + (long)pageValues.Length, values.Length * 2L)));
                        }
                        pageValues.CopyTo(values, produced);
                        produced += pageValues.Length;
                        break;
                    }
                default:
                    // Index pages and unknown page types carry no values for us.
                    break;
            }
        }
        return values;
    }

    private static object?[] ReadV1(ColumnDescriptor column, CompressionCodec codec, PageHeader header, ReadOnlySpan<byte> body, object?[]? dictionary)
    {
        var data = Codecs.Decompress(codec, body, header.UncompressedPageSize).AsSpan();
        var count = header.NumValues;
        int[]? levels = null;
        if (column.MaxDefinitionLevel > 0)
        {
            levels = new int[count];
            if (header.DefinitionLevelEncoding == ValueEncoding.BitPacked)
            {
                var bytes = (count + 7) / 8;
                RequireBytes(data, bytes, column);
                for (var i = 0; i < count; i++)
                {
                    // The deprecated BIT_PACKED level encoding is most-significant bit first.
                    levels[i] = (data[i >> 3] >> (7 - (i & 7))) & 1;
                }
                data = data[bytes..];
            }
            else
            {
                RequireBytes(data, 4, column);
                var length = BinaryPrimitives.ReadInt32LittleEndian(data);
                if (length < 0 || length > data.Length - 4)
                {
                    throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' definition levels claim {length} bytes");
                }
                RleHybridDecoder.Decode(data.Slice(4, length), 1, levels);
                data = data[(4 + length)..];
            }
        }
        return Assemble(column, header.Encoding, data, levels, count, dictionary);
    }

    private static object?[] ReadV2(ColumnDescriptor column, CompressionCodec codec, PageHeader header, ReadOnlySpan<byte> body, object?[]? dictionary)
    {
        var levelBytes = (long)header.RepetitionLevelsByteLength + header.DefinitionLevelsByteLength;
        if (header.RepetitionLevelsByteLength < 0 || header.DefinitionLevelsByteLength < 0 || levelBytes > body.Length
            || levelBytes > header.UncompressedPageSize)
        {
            throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' level lengths do not fit the page");
        }
        var count = header.NumValues;
        int[]? levels = null;
        if (column.MaxDefinitionLevel > 0)
        {
            levels = new int[count];
            RleHybridDecoder.Decode(body.Slice(header.RepetitionLevelsByteLength, header.DefinitionLevelsByteLength), 1, levels);
        }
        var valuesBody = body[(int)levelBytes..];
        var uncompressedValues = header.UncompressedPageSize - (int)levelBytes;
        var data = header.IsCompressed
            ? Codecs.Decompress(codec, valuesBody, uncompressedValues)
            : Codecs.Decompress(CompressionCodec.Uncompressed, valuesBody, uncompressedValues);
        return Assemble(column, header.Encoding, data, levels, count, dictionary);
    }

    private static object?[] Assemble(ColumnDescriptor column, ValueEncoding encoding, ReadOnlySpan<byte> data, int[]? levels, int count, object?[]? dictionary)
    {
        var present = count;
        if (levels is not null)
        {
            present = 0;
            foreach (var level in levels)
            {
                if (level > column.MaxDefinitionLevel)
                {
                    throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' has definition level {level}");
                }
                present += level;
            }
        }
        var decoded = present == 0 ? [] : DecodeValues(column, encoding, data, present, dictionary);
        if (levels is null)
        {
            return decoded;
        }
        var values = new object?[count];
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            if (levels[i] != 0)
            {
                values[i] = decoded[next++];
            }
        }
        return values;
    }

    private static object?[] DecodeValues(ColumnDescriptor column, ValueEncoding encoding, ReadOnlySpan<byte> data, int count, object?[]? dictionary)
    {
        switch (encoding)
        {
            case ValueEncoding.Plain:
                return PlainDecoder.Decode(column, data, count);
            case ValueEncoding.PlainDictionary or ValueEncoding.RleDictionary:
                {
                    if (dictionary is null)
                    {
                        throw new ParquetException($"corrupt Parquet file: column '{column.Field.Name}' uses a dictionary but has no dictionary page");
                    }
                    RequireBytes(data, 1, column);
                    var indices = new int[count];
                    RleHybridDecoder.Decode(data[1..], data[0], indices);
                    var values = new object?[count];
                    for (var i = 0; i < count; i++)
                    {
                        var index = indices[i];
                        if ((uint)index >= (uint)dictionary.Length)
                        {
                            throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' refers to dictionary entry {index} of {dictionary.Length}");
                        }
                        values[i] = dictionary[index];
                    }
                    return values;
                }
            case ValueEncoding.Rle when column.Physical == PhysicalType.Boolean:
                {
                    RequireBytes(data, 4, column);
                    var length = BinaryPrimitives.ReadInt32LittleEndian(data);
                    if (length < 0 || length > data.Length - 4)
                    {
                        throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' boolean run claims {length} bytes");
                    }
                    var bits = new int[count];
                    RleHybridDecoder.Decode(data.Slice(4, length), 1, bits);
                    var values = new object?[count];
                    for (var i = 0; i < count; i++)
                    {
                        values[i] = bits[i] != 0;
                    }
                    return values;
                }
            default:
                return DeltaDecoders.Decode(column, encoding, data, count);
        }
    }

    private static void RequireBytes(ReadOnlySpan<byte> data, int bytes, ColumnDescriptor column)
    {
        if (data.Length < bytes)
        {
            throw new ParquetException($"corrupt Parquet page: column '{column.Field.Name}' page is truncated");
        }
    }
}
