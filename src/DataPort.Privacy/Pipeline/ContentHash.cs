using System.Security.Cryptography;
using System.Text;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// SHA-256 over the released values in row order: each value as UTF-8 followed by 0x1F (0x00 alone for null),
/// each row ended by 0x1E. It identifies the content independently of how the Parquet file was encoded.
/// </summary>
internal sealed class ContentHash
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = new byte[4096];
    private int _length;

    public void AppendRow(ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                Put(0);
                continue;
            }
            var max = Encoding.UTF8.GetMaxByteCount(value.Length) + 1;
            Ensure(max);
            _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
            Put(0x1F);
        }
        Put(0x1E);
        if (_length > 3072)
        {
            _hash.AppendData(_buffer, 0, _length);
            _length = 0;
        }
    }

    public string HexDigest()
    {
        _hash.AppendData(_buffer, 0, _length);
        _length = 0;
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    private void Put(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            _hash.AppendData(_buffer, 0, _length);
            _length = 0;
            if (bytes > _buffer.Length)
            {
                _buffer = new byte[bytes];
            }
        }
    }
}
