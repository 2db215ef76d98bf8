using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace DataPort.Identity;

/// <summary>
/// AES-256-GCM with the key-encryption key from <c>Identity:KeyEncryptionKey</c>: protects private signing keys and
/// data-protection keys at rest. The associated data binds each ciphertext to its row, so rows cannot be swapped.
/// Layout: version (1) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class KeyEncryption(byte[] key)
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Only for Development and Testing, where no key is configured: stable, so restarts and parallel test servers
    // can read each other's keys. The options validator refuses to start any other environment without a real key.
    private static readonly byte[] DevelopmentKey =
        SHA256.HashData(Encoding.UTF8.GetBytes("DataPort development key-encryption key: never for production"));

    public static KeyEncryption FromOptions(IdentityServiceOptions options) =>
        new(TryParseKey(options.KeyEncryptionKey, out var key) ? key : DevelopmentKey);

    public static bool TryParseKey(string? base64, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written) || written != 32)
        {
            return false;
        }
        key = buffer[..32];
        return true;
    }

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var blob = new byte[1 + NonceSize + TagSize + plaintext.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize),
            Encoding.UTF8.GetBytes(associatedData));
        return blob;
    }

    /// <exception cref="CryptographicException">The blob was made with another key, or altered.</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> blob, string associatedData)
    {
        if (blob.Length < 1 + NonceSize + TagSize || blob[0] != Version)
        {
            throw new CryptographicException("The protected key has an unknown format.");
        }
        var plaintext = new byte[blob.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(blob.Slice(1, NonceSize), blob[(1 + NonceSize + TagSize)..], blob.Slice(1 + NonceSize, TagSize), plaintext,
            Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }
}
