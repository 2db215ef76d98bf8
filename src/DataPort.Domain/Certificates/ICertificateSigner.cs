namespace DataPort.Domain.Certificates;

/// <summary>Signs certificate payloads with the platform's key. Pure given the key: no I/O.</summary>
public interface ICertificateSigner
{
    /// <summary>Names the key, so a verifier picks the right public key after rotation.</summary>
    string KeyId { get; }

    byte[] Sign(byte[] payload);
}
