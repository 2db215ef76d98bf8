using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace DataPort.Privacy.Masking;

/// <summary>
/// Keyed pseudonym: HMAC-SM3 (GB/T 32905, GM/T 0042 HMAC) of the value under the dataset's secret, as hex.
/// The same secret gives the same pseudonym in every release, so joins across releases survive; without the
/// secret the mapping cannot be rebuilt by hashing every phone number, unlike a plain hash.
/// </summary>
public sealed class PseudonymMasker : IValueMasker
{
    // Names and e-mail addresses repeat a lot; a bounded cache avoids most MAC computations
    // while keeping memory flat (it is cleared, not grown, when full).
    private const int CacheCapacity = 1 << 16;

    private readonly HMac _mac;
    private readonly int _length;
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal);
    private readonly byte[] _digest;
    private byte[] _input = new byte[256];

    public PseudonymMasker(byte[] secret, int length)
    {
        if (secret.Length < 16)
        {
            throw new ArgumentException("the dataset secret must have at least 16 bytes", nameof(secret));
        }
        _mac = new HMac(new SM3Digest());
        _mac.Init(new KeyParameter(secret));
        _digest = new byte[_mac.GetMacSize()];
        _length = Math.Min(length, _digest.Length * 2);
    }

    public string Mask(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }
        if (_cache.TryGetValue(value, out var cached))
        {
            return cached;
        }
        var pseudonym = Compute(value);
        if (_cache.Count >= CacheCapacity)
        {
            _cache.Clear();
        }
        _cache[value] = pseudonym;
        return pseudonym;
    }

    private string Compute(string value)
    {
        var byteCount = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (byteCount > _input.Length)
        {
            _input = new byte[byteCount];
        }
        var written = Encoding.UTF8.GetBytes(value, _input);
        _mac.BlockUpdate(_input, 0, written);
        _mac.DoFinal(_digest, 0);
        var hex = Convert.ToHexStringLower(_digest.AsSpan(0, (_length + 1) / 2));
        return hex.Length == _length ? hex : hex[.._length];
    }

    /// <summary>A fingerprint of the secret for the report, so two releases can be shown to share a key without revealing it.</summary>
    public static string Fingerprint(byte[] secret)
    {
        var masker = new PseudonymMasker(secret, 16);
        return masker.Compute("dataport.secret-fingerprint");
    }
}
