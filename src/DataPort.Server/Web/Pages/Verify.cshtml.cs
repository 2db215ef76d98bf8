using DataPort.Domain.Certificates;
using DataPort.Domain.Trading;
using DataPort.EventStore.Ledger;
using DataPort.Server.Endpoints;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages;

/// <summary>
/// <c>/verify?number=…</c>: anyone shown a registration certificate (XMDA-…) or a trade voucher (XMDT-…) checks it here,
/// as <c>GET /api/verify/…</c> does: the platform's signature, what it says, and its place in the signed ledger.
/// </summary>
public sealed class VerifyModel(LedgerEntries entries, ILedger ledger, ICertificateSigner signer) : PageModel
{
    public string? Number { get; private set; }

    public VerifiedRecord<AssetCertificate>? Certificate { get; private set; }

    public VerifiedRecord<TransactionVoucher>? Voucher { get; private set; }

    public bool Unknown => Number is not null && Certificate is null && Voucher is null;

    public async Task OnGetAsync(string? number, CancellationToken cancellationToken)
    {
        Number = string.IsNullOrWhiteSpace(number) ? null : number.Trim().ToUpperInvariant();
        if (Number is null)
        {
            return;
        }
        if (Number.StartsWith("XMDT-", StringComparison.Ordinal))
        {
            Voucher = await Verification.VoucherAsync(Number, entries, ledger, signer, cancellationToken);
        }
        else
        {
            Certificate = await Verification.CertificateAsync(Number, entries, ledger, signer, cancellationToken);
        }
        if (Unknown)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
