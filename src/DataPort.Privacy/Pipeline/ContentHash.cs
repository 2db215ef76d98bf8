using System.Security.Cryptography;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// SHA-256 over the released values in row order: each value as UTF-8 followed by 0x1F (0x00 alone for null),
/// each row ended by 0x1E. It identifies the content independently of how the Parquet file was encoded.
/// </summary>
internal sealed class ContentHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[1 << 14];
    private int _length;

    public void AppendValue(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length + 1 > _buffer.Length - _length)
        {
            Flush();
            if (utf8.Length + 1 > _buffer.Length)
            {
                _hash.AppendData(utf8);
                Put(0x1F);
                return;
            }
        }
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
        _buffer[_length++] = 0x1F;
    }

    public void AppendNull() => Put(0);

    public void EndRow() => Put(0x1E);

    public string HexDigest()
    {
        Flush();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public void Dispose() => _hash.Dispose();

    private void Put(byte b)
    {
        if (_length == _buffer.Length)
        {
            Flush();
        }
        _buffer[_length++] = b;
    }

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _length);
        _length = 0;
    }
}
