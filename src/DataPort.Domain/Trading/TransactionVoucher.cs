using System.Globalization;
using System.Text;
using DataPort.Domain.Certificates;
using DataPort.Domain.Common;

namespace DataPort.Domain.Trading;

/// <summary>
/// The transaction voucher (交易凭证) of a completed trade, <c>XMDT-YYYY-NNNNNN</c>, SM2-signed by the platform.
/// It is recorded in the <c>order.voucher-issued</c> event, so it can be checked against the ledger.
/// </summary>
public sealed record TransactionVoucher(
    string Number,
    string OrderId,
    string BuyerOrganisationId,
    string SellerOrganisationId,
    string DatasetId,
    string LicenceOptionId,
    Money Total,
    string GrantId,
    DateTimeOffset IssuedAt,
    string KeyId,
    string Signature)
{
    public const int MaxSequence = 999_999;

    public static TransactionVoucher Issue(Order order, int sequence, DateTimeOffset at, ICertificateSigner signer)
    {
        if (sequence is < 1 or > MaxSequence)
        {
            throw new InvalidInputException($"Voucher sequence {sequence} must be between 1 and {MaxSequence}.");
        }
        var unsigned = new TransactionVoucher(
            string.Create(CultureInfo.InvariantCulture, $"XMDT-{at.UtcDateTime.Year:D4}-{sequence:D6}"),
            order.OrderId, order.BuyerOrganisationId, order.Contract.SellerOrganisationId, order.Contract.DatasetId,
            order.Contract.Licence.Id, order.AmountPaid, order.GrantId ?? "", at.ToUniversalTime(), signer.KeyId, "");
        return unsigned with { Signature = Convert.ToHexStringLower(signer.Sign(unsigned.Payload())) };
    }

    /// <summary>
    /// What the signature covers: every field but the signature, one per line, in a fixed order and invariant
    /// formats, so a verifier in any language rebuilds the same bytes.
    /// </summary>
    public byte[] Payload() => Encoding.UTF8.GetBytes(string.Join('\n',
        "dataport-voucher-v1", Number, OrderId, BuyerOrganisationId, SellerOrganisationId, DatasetId, LicenceOptionId,
        Total.Fen.ToString(CultureInfo.InvariantCulture), Total.Currency, GrantId,
        IssuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture), KeyId));

    /// <summary>True when <see cref="Signature"/> is the platform's SM2 signature over <see cref="Payload"/>.</summary>
    public bool VerifyWith(byte[] publicKey) => Sm2.Verify(Payload(), Signature, publicKey);
}
