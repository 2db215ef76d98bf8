using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataPort.Privacy.Masking;

/// <summary>
/// Keyed pseudonym: HMAC-SM3 (GB/T 32905, GM/T 0042 HMAC) of the value under the dataset's secret, as hex.
/// The same secret gives the same pseudonym in every release, so joins across releases survive; without the
/// secret the mapping cannot be rebuilt by hashing every phone number, unlike a plain hash.
/// </summary>
public sealed class PseudonymMasker : IValueMasker, IUtf8Masker
{
    // Names repeat a lot; a bounded cache avoids most MAC computations while keeping memory flat
    // (it is emptied, not grown, when full, and its entries are not objects, so unique values make no garbage).
    private const int CacheCapacity = 1 << 16;

    // In a column of distinct values (e-mails, ids) every lookup misses and costs a hash, a probe and an insert,
    // about half a MAC. So the cache is judged per window of lookups: below a quarter hits, it stands aside
    // for sixteen windows, then tries again from empty. The pseudonyms are the same either way.
    private const int Window = 1 << 16;
    private const int MinimumHits = Window / 4;
    private const int WindowsAside = 16;

    private readonly HmacSm3 _mac;
    private readonly int _length;
    private readonly Utf8Cache? _cache;
    private int _lookups;
    private int _hits;
    private long _bypass;
    private byte[] _input = new byte[256];

    public PseudonymMasker(byte[] secret, int length)
        : this(secret, length, CacheCapacity)
    {
    }

    private PseudonymMasker(byte[] secret, int length, int cacheCapacity)
    {
        if (secret.Length < 16)
        {
            throw new ArgumentException("the dataset secret must have at least 16 bytes", nameof(secret));
        }
        _mac = new HmacSm3(secret);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = Math.Min(length, Sm3.HashSize * 2);
        _cache = cacheCapacity > 0 ? new Utf8Cache(cacheCapacity, _length) : null;
    }

    public string Mask(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }
        var byteCount = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (byteCount > _input.Length)
        {
            _input = new byte[byteCount];
        }
        var written = Encoding.UTF8.GetBytes(value, _input);
        Span<byte> pseudonym = stackalloc byte[_length];
        Mask(_input.AsSpan(0, written), pseudonym);
        return Encoding.ASCII.GetString(pseudonym);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void IUtf8Masker.Mask(ReadOnlySpan<byte> value, ArrayBufferWriter<byte> output)
    {
        Mask(value, output.GetSpan(_length)[.._length]);
        output.Advance(_length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Mask(ReadOnlySpan<byte> value, Span<byte> pseudonym)
    {
        if (_cache is null)
        {
            Compute(value, pseudonym);
            return;
        }
        if (_bypass > 0)
        {
            _bypass--;
            Compute(value, pseudonym);
            return;
        }
        if (++_lookups == Window)
        {
            if (_hits < MinimumHits)
            {
                _bypass = (long)Window * WindowsAside;
                _cache.Clear();
            }
            _lookups = 0;
            _hits = 0;
        }
        if (_cache.TryGet(value, pseudonym, out var hash))
        {
            _hits++;
            return;
        }
        Compute(value, pseudonym);
        _cache.Add(value, pseudonym, hash);
    }

    /// <summary>The first <c>length</c> lowercase hex digits of HMAC-SM3(secret, UTF-8 value), as ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Compute(ReadOnlySpan<byte> value, Span<byte> pseudonym)
    {
        Span<byte> digest = stackalloc byte[Sm3.HashSize];
        _mac.Compute(value, digest);
        for (var i = 0; i < pseudonym.Length; i++)
        {
            var b = digest[i >> 1];
            var nibble = (i & 1) == 0 ? b >> 4 : b & 0xF;
            pseudonym[i] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }
    }

    /// <summary>A fingerprint of the secret for the report, so two releases can be shown to share a key without revealing it.</summary>
    public static string Fingerprint(byte[] secret)
    {
        Span<byte> pseudonym = stackalloc byte[16];
        new PseudonymMasker(secret, pseudonym.Length, cacheCapacity: 0).Compute("dataport.secret-fingerprint"u8, pseudonym);
        return Encoding.ASCII.GetString(pseudonym);
    }
}
