using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// Protects the ledger's SM2 private key at rest with SM4-GCM (GB/T 32907), so a database dump alone
/// cannot forge checkpoints. The 128-bit SM4 key is the first 16 bytes of SM3(UTF-8 of the configured
/// secret), which lets the secret be any string an operator can put in configuration.
/// Stored form: 12-byte nonce || ciphertext || 16-byte tag; the public key is the associated data.
/// </summary>
public static class Sm4KeyWrap
{
    private const int NonceSize = 12;
    private const int TagBits = 128;

    public static byte[] DeriveKey(string secret) => Sm3.Hash(Encoding.UTF8.GetBytes(secret))[..16];

    /// <summary>A short public fingerprint of the wrapping key, to tell "wrong key" from "corrupt data".</summary>
    public static string Fingerprint(byte[] key) => Convert.ToHexStringLower(Sm3.Hash(key)[..8]);

    public static byte[] Wrap(byte[] key, byte[] privateKey, byte[] associatedData)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(true, new AeadParameters(new KeyParameter(key), TagBits, nonce, associatedData));
        var output = new byte[cipher.GetOutputSize(privateKey.Length)];
        var written = cipher.ProcessBytes(privateKey, 0, privateKey.Length, output, 0);
        cipher.DoFinal(output, written);
        return [.. nonce, .. output];
    }

    public static byte[] Unwrap(byte[] key, byte[] wrapped, byte[] associatedData)
    {
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(false, new AeadParameters(new KeyParameter(key), TagBits, wrapped[..NonceSize], associatedData));
        var body = wrapped[NonceSize..];
        var output = new byte[cipher.GetOutputSize(body.Length)];
        try
        {
            var written = cipher.ProcessBytes(body, 0, body.Length, output, 0);
            written += cipher.DoFinal(output, written);
            return output[..written];
        }
        catch (InvalidCipherTextException e)
        {
            throw new CryptographicException("The ledger signing key cannot be decrypted: wrong Ledger:KeyEncryptionKey or a damaged key row.", e);
        }
    }
}
