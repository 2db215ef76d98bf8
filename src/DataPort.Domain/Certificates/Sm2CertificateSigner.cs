using DataPort.Domain.Common;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace DataPort.Domain.Certificates;

/// <summary>SM2 signatures (GB/T 32918) with SM3, DER-encoded, default user id, as commercial cryptography requires.</summary>
public sealed class Sm2CertificateSigner : ICertificateSigner
{
    private static readonly ECDomainParameters Curve = Sm2.Curve;
    private readonly ECPrivateKeyParameters privateKey;

    private Sm2CertificateSigner(ECPrivateKeyParameters privateKey)
    {
        this.privateKey = privateKey;
        PublicKey = Curve.G.Multiply(privateKey.D).Normalize().GetEncoded(false);
        KeyId = Sm2.KeyIdOf(PublicKey);
    }

    public string KeyId { get; }

    /// <summary>The uncompressed public point (65 bytes, 0x04 ‖ x ‖ y): what verifiers need.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The private scalar as 64 hex digits, for configuration.</summary>
    public string PrivateKeyHex => Convert.ToHexStringLower(privateKey.D.ToByteArrayUnsigned()).PadLeft(64, '0');

    public static Sm2CertificateSigner Generate()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Curve, new SecureRandom()));
        return new Sm2CertificateSigner((ECPrivateKeyParameters)generator.GenerateKeyPair().Private);
    }

    public static Sm2CertificateSigner FromPrivateKeyHex(string hex)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidInputException("The SM2 private key must be hex digits.");
        }
        var d = new BigInteger(1, bytes);
        if (d.SignValue <= 0 || d.CompareTo(Curve.N) >= 0)
        {
            throw new InvalidInputException("The SM2 private key is out of the curve's range.");
        }
        return new Sm2CertificateSigner(new ECPrivateKeyParameters(d, Curve));
    }

    public byte[] Sign(byte[] payload)
    {
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithRandom(privateKey, new SecureRandom()));
        signer.BlockUpdate(payload, 0, payload.Length);
        return signer.GenerateSignature();
    }
}

/// <summary>Checks certificates against a public key; what a regulator's offline verifier does.</summary>
public static class CertificateVerifier
{
    public static bool Verify(AssetCertificate certificate, byte[] publicKey) =>
        Sm2.Verify(certificate.Payload(), certificate.Signature, publicKey);
}

internal static class Sm2
{
    public static readonly ECDomainParameters Curve = Create();

    private static ECDomainParameters Create()
    {
        var x9 = GMNamedCurves.GetByName("sm2p256v1");
        return new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H);
    }

    /// <summary>
    /// Whether <paramref name="signatureHex"/> is an SM2 signature (default user id, SM3) of <paramref name="payload"/>
    /// under <paramref name="publicKey"/>; malformed keys or signatures are simply not valid.
    /// </summary>
    public static bool Verify(byte[] payload, string signatureHex, byte[] publicKey)
    {
        try
        {
            var signer = new SM2Signer();
            signer.Init(false, new ECPublicKeyParameters(Curve.Curve.DecodePoint(publicKey), Curve));
            signer.BlockUpdate(payload, 0, payload.Length);
            return signer.VerifySignature(Convert.FromHexString(signatureHex));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or CryptoException)
        {
            return false;
        }
    }

    /// <summary>First 16 hex digits of SM3(public key): short, stable, and tied to the key itself.</summary>
    public static string KeyIdOf(byte[] publicKey)
    {
        var sm3 = new SM3Digest();
        sm3.BlockUpdate(publicKey, 0, publicKey.Length);
        var hash = new byte[sm3.GetDigestSize()];
        sm3.DoFinal(hash, 0);
        return "sm2-" + Convert.ToHexStringLower(hash)[..16];
    }
}
