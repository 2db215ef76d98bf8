using System.Text.Json;
using DataPort.Domain.Certificates;
using DataPort.Domain.Trading;
using DataPort.EventStore.Ledger;
using DataPort.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Anyone may check a registration certificate (XMDA-…) or a trade voucher (XMDT-…) they were shown: whether the
/// platform's SM2 signature over it holds, what it says, and the ledger entry that recorded it with its inclusion proof
/// against the latest signed checkpoint. No sign-in: the documents are meant to be shown to third parties.
/// </summary>
public static class Verification
{
    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/verify").WithTags("Verification").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/certificates/{number}", VerifyCertificate).WithName(nameof(VerifyCertificate));
        group.MapGet("/vouchers/{number}", VerifyVoucher).WithName(nameof(VerifyVoucher));
        return app;
    }

    public static async Task<Results<Ok<VerifiedRecord<AssetCertificate>>, ProblemHttpResult>> VerifyCertificate(
        string number, LedgerEntries entries, ILedger ledger, ICertificateSigner signer, CancellationToken cancellationToken) =>
        await CertificateAsync(number, entries, ledger, signer, cancellationToken) is { } record
            ? TypedResults.Ok(record)
            : DomainHttp.NotFound($"Certificate {number}");

    public static async Task<Results<Ok<VerifiedRecord<TransactionVoucher>>, ProblemHttpResult>> VerifyVoucher(
        string number, LedgerEntries entries, ILedger ledger, ICertificateSigner signer, CancellationToken cancellationToken) =>
        await VoucherAsync(number, entries, ledger, signer, cancellationToken) is { } record
            ? TypedResults.Ok(record)
            : DomainHttp.NotFound($"Voucher {number}");

    /// <summary>The certificate with that number as the ledger recorded it, checked; null when none was issued.</summary>
    internal static async Task<VerifiedRecord<AssetCertificate>?> CertificateAsync(
        string number, LedgerEntries entries, ILedger ledger, ICertificateSigner signer, CancellationToken cancellationToken)
    {
        if (await entries.FindRecordAsync("asset.registered", "certificate", number, cancellationToken) is not { } entry)
        {
            return null;
        }
        var certificate = entry.Data.GetProperty("certificate").Deserialize<AssetCertificate>(Json)!;
        var genuine = certificate.KeyId == signer.KeyId && CertificateVerifier.Verify(certificate, signer.PublicKey);
        return await RecordAsync(certificate, genuine, signer, entry, ledger, cancellationToken);
    }

    /// <summary>The voucher with that number as the ledger recorded it, checked; null when none was issued.</summary>
    internal static async Task<VerifiedRecord<TransactionVoucher>?> VoucherAsync(
        string number, LedgerEntries entries, ILedger ledger, ICertificateSigner signer, CancellationToken cancellationToken)
    {
        if (await entries.FindRecordAsync("order.voucher-issued", "voucher", number, cancellationToken) is not { } entry)
        {
            return null;
        }
        var voucher = entry.Data.GetProperty("voucher").Deserialize<TransactionVoucher>(Json)!;
        var genuine = voucher.KeyId == signer.KeyId && voucher.VerifyWith(signer.PublicKey);
        return await RecordAsync(voucher, genuine, signer, entry, ledger, cancellationToken);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<VerifiedRecord<T>> RecordAsync<T>(
        T content, bool genuine, ICertificateSigner signer, LedgerEntry entry, ILedger ledger, CancellationToken cancellationToken)
    {
        var (proof, checkpoint) = await Ledger.ProofAsync(ledger, entry.Position, cancellationToken);
        return new VerifiedRecord<T>(genuine, content, Convert.ToHexStringLower(signer.PublicKey), entry.Position, proof, checkpoint);
    }
}

/// <summary>
/// <c>genuine</c>: the platform's signature over the document holds under <c>publicKey</c> (hex, uncompressed SM2 point).
/// <c>position</c> is the ledger entry that recorded it; <c>proof</c> and <c>checkpoint</c> prove that entry is in the signed
/// ledger (null until the next checkpoint, seconds away).
/// </summary>
public sealed record VerifiedRecord<T>(bool Genuine, T Content, string PublicKey, long Position, InclusionProofView? Proof, CheckpointView? Checkpoint);
