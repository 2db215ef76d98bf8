using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// SM2 (GB/T 32918) signatures over the curve sm2p256v1, with SM3 and the default signer id
/// <c>1234567812345678</c> (GM/T 0009). Public keys are uncompressed points (65 bytes, 04 || x || y),
/// private keys the 32-byte scalar, signatures DER.
/// </summary>
public static class Sm2Signing
{
    private static readonly ECDomainParameters Domain = CreateDomain();

    private static ECDomainParameters CreateDomain()
    {
        var curve = GMNamedCurves.GetByName("sm2p256v1");
        return new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
    }

    public static (byte[] PrivateKey, byte[] PublicKey) GenerateKeyPair()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var scalar = ((ECPrivateKeyParameters)pair.Private).D.ToByteArrayUnsigned();
        var privateKey = new byte[32];
        scalar.CopyTo(privateKey, 32 - scalar.Length);
        return (privateKey, ((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false));
    }

    public static byte[] Sign(byte[] privateKey, byte[] message)
    {
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithRandom(new ECPrivateKeyParameters(new BigInteger(1, privateKey), Domain), new SecureRandom()));
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }

    public static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        try
        {
            var point = Domain.Curve.DecodePoint(publicKey);
            var signer = new SM2Signer();
            signer.Init(false, new ECPublicKeyParameters(point, Domain));
            signer.BlockUpdate(message, 0, message.Length);
            return signer.VerifySignature(signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or Org.BouncyCastle.Crypto.CryptoException)
        {
            return false;
        }
    }
}
