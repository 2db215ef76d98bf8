using System.Security.Cryptography;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// SHA-256 over the released values in row order: each value as UTF-8 followed by 0x1F (0x00 alone for null),
/// each row ended by 0x1E. It identifies the content independently of how the Parquet file was encoded.
/// The constants are public to the pipeline, which lays its rows out in this format as it masks them.
/// </summary>
internal sealed class ContentHash : IDisposable
{
    public const byte ValueEnd = 0x1F;
    public const byte Null = 0x00;
    public const byte RowEnd = 0x1E;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _length;

    /// <summary>A whole row already laid out in this format (values, separators, row end), hashed in bulk.</summary>
    public void AppendRow(ReadOnlySpan<byte> row)
    {
        if (row.Length > _buffer.Length - _length)
        {
            Flush();
            if (row.Length > _buffer.Length)
            {
                _hash.AppendData(row);
                return;
            }
        }
        row.CopyTo(_buffer.AsSpan(_length));
        _length += row.Length;
    }

    public string HexDigest()
    {
        Flush();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public void Dispose() => _hash.Dispose();

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _length);
        _length = 0;
    }
}
