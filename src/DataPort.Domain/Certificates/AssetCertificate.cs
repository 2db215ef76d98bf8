using System.Globalization;
using System.Text;
using DataPort.Domain.Assets;
using Org.BouncyCastle.Crypto.Digests;

namespace DataPort.Domain.Certificates;

/// <summary>
/// The registration certificate as recorded in the <c>asset.registered</c> event. The signature covers
/// <see cref="Payload"/>, so anyone holding the platform's public key can check a certificate found in the ledger.
/// </summary>
public sealed record AssetCertificate(
    string Number,
    string AssetId,
    string OwnerOrganisationId,
    string TitleZh,
    string SchemaDigest,
    DateTimeOffset IssuedAt,
    string KeyId,
    string Signature)
{
    /// <summary>The exact bytes that were signed: one field per line, fixed order, UTC timestamp in ISO 8601.</summary>
    public byte[] Payload() => PayloadFor(Number, AssetId, OwnerOrganisationId, TitleZh, SchemaDigest, IssuedAt);

    internal static byte[] PayloadFor(
        string number, string assetId, string ownerOrganisationId, string titleZh, string schemaDigest, DateTimeOffset issuedAt) =>
        Encoding.UTF8.GetBytes(string.Join('\n',
            "XMDA-CERTIFICATE-V1", number, assetId, ownerOrganisationId, titleZh, schemaDigest,
            issuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)));

    /// <summary>Issues and signs the certificate for a registration.</summary>
    public static AssetCertificate Issue(AssetRegistration asset, CertificateNumber number, DateTimeOffset issuedAt, ICertificateSigner signer)
    {
        var digest = SchemaDigestOf(asset.Details.Schema);
        // Millisecond precision: the payload is rebuilt from the stored timestamp, which must round-trip exactly.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(issuedAt.ToUnixTimeMilliseconds());
        var payload = PayloadFor(number.ToString(), asset.AssetId, asset.OwnerOrganisationId, asset.Details.Title.Zh, digest, at);
        return new AssetCertificate(number.ToString(), asset.AssetId, asset.OwnerOrganisationId, asset.Details.Title.Zh,
            digest, at, signer.KeyId, Convert.ToHexStringLower(signer.Sign(payload)));
    }

    /// <summary>SM3 (GB/T 32905) over the schema's column names and types, so a later amendment is detectable.</summary>
    public static string SchemaDigestOf(IEnumerable<AssetColumn> schema)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', schema.Select(c => $"{c.Name}:{c.Type}")));
        var sm3 = new SM3Digest();
        sm3.BlockUpdate(bytes, 0, bytes.Length);
        var hash = new byte[sm3.GetDigestSize()];
        sm3.DoFinal(hash, 0);
        return Convert.ToHexStringLower(hash);
    }
}
