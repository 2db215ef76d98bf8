using DataPort.Domain.Certificates;
using DataPort.Domain.Common;
using static DataPort.Domain.Tests.Sample;

namespace DataPort.Domain.Tests.Certificates;

public sealed class CertificateTests
{
    [Fact]
    public void Certificate_numbers_format_and_parse_as_XMDA_year_sequence()
    {
        var number = new CertificateNumber(2026, 123);

        Assert.Equal("XMDA-2026-000123", number.ToString());
        Assert.Equal(number, CertificateNumber.Parse("XMDA-2026-000123"));
    }

    [Theory]
    [InlineData("XMDA-2026-123")]
    [InlineData("XMDB-2026-000123")]
    [InlineData("XMDA-2026-0001234")]
    [InlineData("XMDA-2026-000000")]
    public void Malformed_certificate_numbers_are_invalid_input(string text) =>
        Assert.Throws<InvalidInputException>(() => CertificateNumber.Parse(text));

    [Fact]
    public void A_certificate_altered_after_signing_no_longer_verifies()
    {
        var certificate = Registered.Certificate;

        Assert.True(CertificateVerifier.Verify(certificate, Signer.PublicKey));
        Assert.False(CertificateVerifier.Verify(certificate with { OwnerOrganisationId = "org-thief" }, Signer.PublicKey));
        Assert.False(CertificateVerifier.Verify(certificate with { IssuedAt = certificate.IssuedAt.AddSeconds(1) }, Signer.PublicKey));
        Assert.False(CertificateVerifier.Verify(certificate, Sm2CertificateSigner.Generate().PublicKey));
        Assert.False(CertificateVerifier.Verify(certificate with { Signature = "zz" }, Signer.PublicKey));
    }

    [Fact]
    public void A_signer_restored_from_its_private_key_has_the_same_key_id_and_verifies()
    {
        var restored = Sm2CertificateSigner.FromPrivateKeyHex(Signer.PrivateKeyHex);

        Assert.Equal(Signer.KeyId, restored.KeyId);
        Assert.Equal(Signer.PublicKey, restored.PublicKey);
    }

    [Theory]
    [InlineData("not hex")]
    [InlineData("00")]
    public void A_bad_private_key_is_invalid_input(string hex) =>
        Assert.Throws<InvalidInputException>(() => Sm2CertificateSigner.FromPrivateKeyHex(hex));

    [Fact]
    public void The_schema_digest_is_SM3_of_the_column_list()
    {
        // SM3 of the empty input, from GB/T 32905's reference implementation.
        Assert.Equal("1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b", AssetCertificate.SchemaDigestOf([]));
        Assert.NotEqual(AssetCertificate.SchemaDigestOf([new("a", "text")]), AssetCertificate.SchemaDigestOf([new("a", "int")]));
    }
}
