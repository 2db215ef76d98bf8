using System.Buffers.Binary;
using System.Text;
using DataPort.Parquet;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// Masked rows to Parquet (all columns nullable UTF-8 strings, so every masked form fits).
/// The Parquet writer takes its key-value metadata when it is created, but the report is known only after
/// the last row; so each metadata value is reserved with a unique placeholder and, once the footer is
/// written, the placeholder is replaced in the footer. Compact Thrift strings carry their own length and the
/// footer's length is stored after it, so splicing a string in keeps the file valid; no data page moves.
/// </summary>
public sealed class ParquetTableWriter : IMaskedTableWriter
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    // The writer buffers one row group; 64 Ki rows keeps the pipeline well under its memory budget.
    private const int RowGroupRows = 65_536;

    private readonly Stream _output;
    private readonly ParquetWriter _writer;
    private readonly Dictionary<string, string> _placeholders;
    private bool _completed;

    private ParquetTableWriter(Stream output, IReadOnlyList<string> columns)
    {
        if (!output.CanSeek || !output.CanRead)
        {
            throw new ArgumentException("the output stream must be readable and seekable to complete the footer", nameof(output));
        }
        _output = output;
        var nonce = Guid.NewGuid().ToString("N");
        _placeholders = new[] { MetadataKeys.Report, MetadataKeys.MaskingPolicy, MetadataKeys.ContentHash, MetadataKeys.SourceHash }
            .ToDictionary(key => key, key => $"dataport-reserved-{nonce}-{key}");
        var schema = new ParquetSchema(columns.Select(name => new ParquetField(name, ParquetType.String)));
        _writer = ParquetWriter.Create(output, schema, new ParquetWriterOptions { KeyValueMetadata = _placeholders, CreatedBy = "DataPort.Privacy", RowGroupRows = RowGroupRows, BackgroundFlush = false }, leaveOpen: true);
    }

    public static IMaskedTableWriter Create(Stream output, IReadOnlyList<string> columns) => new ParquetTableWriter(output, columns);

    public void WriteUtf8(int column, ReadOnlySpan<byte> value) => _writer.WriteUtf8(column, value);

    public void WriteNull(int column) => _writer.WriteNull(column);

    public void EndRow() => _writer.EndRow();

    public void Complete(IReadOnlyDictionary<string, string> metadata)
    {
        var missing = _placeholders.Keys.Except(metadata.Keys).ToList();
        var unknown = metadata.Keys.Except(_placeholders.Keys).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"metadata keys must be exactly {string.Join(", ", _placeholders.Keys)}", nameof(metadata));
        }
        _writer.Close();
        _completed = true;

        Span<byte> tail = stackalloc byte[8];
        _output.Seek(-8, SeekOrigin.End);
        _output.ReadExactly(tail);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        var footerStart = _output.Length - 8 - footerLength;
        var footer = new byte[footerLength];
        _output.Seek(footerStart, SeekOrigin.Begin);
        _output.ReadExactly(footer);

        foreach (var (key, placeholder) in _placeholders)
        {
            footer = Splice(footer, placeholder, metadata[key]);
        }
        _output.Seek(footerStart, SeekOrigin.Begin);
        _output.Write(footer);
        BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length);
        Magic.CopyTo(tail[4..]);
        _output.Write(tail);
        _output.SetLength(_output.Position);
        _output.Flush();
    }

    private static byte[] Splice(byte[] footer, string placeholder, string value)
    {
        var token = Encoding.ASCII.GetBytes(placeholder);
        var at = footer.AsSpan().IndexOf(token);
        // The placeholder is shorter than 128 bytes, so its length prefix is the single varint byte before it.
        if (at < 1 || footer[at - 1] != token.Length)
        {
            throw new InvalidOperationException("reserved metadata slot not found in the Parquet footer");
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> prefix = stackalloc byte[5];
        var prefixLength = WriteVarint(prefix, (uint)bytes.Length);
        var result = new byte[footer.Length - 1 - token.Length + prefixLength + bytes.Length];
        var position = 0;
        footer.AsSpan(0, at - 1).CopyTo(result);
        position += at - 1;
        prefix[..prefixLength].CopyTo(result.AsSpan(position));
        position += prefixLength;
        bytes.CopyTo(result.AsSpan(position));
        position += bytes.Length;
        footer.AsSpan(at + token.Length).CopyTo(result.AsSpan(position));
        return result;
    }

    private static int WriteVarint(Span<byte> destination, uint value)
    {
        var n = 0;
        while (value >= 0x80)
        {
            destination[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[n++] = (byte)value;
        return n;
    }

    public void Dispose()
    {
        if (_completed)
        {
            return;
        }
        // An abandoned run: the temporary file is deleted by the pipeline, so a failing footer does not matter
        // and must not hide the error that stopped the run.
        try
        {
            _writer.Dispose();
        }
        catch (InvalidOperationException)
        {
        }
    }
}
