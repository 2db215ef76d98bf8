namespace DataPort.Domain.Certificates;

/// <summary>Signs certificate payloads with the platform's key. Pure given the key: no I/O.</summary>
public interface ICertificateSigner
{
    /// <summary>Names the key, so a verifier picks the right public key after rotation.</summary>
    string KeyId { get; }

    /// <summary>The public key verifiers need (SM2: the uncompressed point, 65 bytes).</summary>
    byte[] PublicKey { get; }

    byte[] Sign(byte[] payload);
}
