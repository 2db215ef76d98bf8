using DataPort.Domain.Assets;

namespace DataPort.ReadModels.Assets;

/// <summary>
/// Asynchronous (Marten's daemon, one node at a time): nobody reads a registration list in the request that
/// changed it — the owner is answered with the registration itself, and the review queue may lag a moment.
/// </summary>
internal sealed class AssetViewProjection() : ViewProjection<AssetView, AssetSubmitted, IAssetEvent>(ReadModelSchema.AssetViews)
{
    protected override AssetView First(string streamKey, AssetSubmitted x) => new(
        streamKey, x.AssetId, x.OwnerOrganisationId, x.Details.Title, x.Details.SourceDepartment, AssetStatus.Submitted,
        CertificateNumber: null, StatusReason: null, x.SubmittedAt, x.SubmittedAt);

    // The status moves as AssetRegistration.Apply moves it; the view keeps one reason, the one that is open.
    protected override AssetView Next(AssetView view, IAssetEvent e) => e switch
    {
        AssetReviewStarted x => view with { Status = AssetStatus.UnderReview, UpdatedAt = x.StartedAt },
        AssetRegistered x => view with
        {
            Status = AssetStatus.Registered, CertificateNumber = x.Certificate.Number, StatusReason = null, UpdatedAt = x.RegisteredAt,
        },
        AssetRejected x => view with { Status = AssetStatus.Rejected, StatusReason = x.Reason, UpdatedAt = x.RejectedAt },
        AssetObjectionRaised x => view with { Status = AssetStatus.Objected, StatusReason = x.Reason, UpdatedAt = x.RaisedAt },
        AssetObjectionResolved x => view with { Status = AssetStatus.Registered, StatusReason = null, UpdatedAt = x.ResolvedAt },
        AssetAmended x => view with
        {
            Title = x.Details.Title,
            SourceDepartment = x.Details.SourceDepartment,
            Status = view.Status == AssetStatus.Rejected ? AssetStatus.Submitted : view.Status,
            StatusReason = view.Status == AssetStatus.Rejected ? null : view.StatusReason,
            UpdatedAt = x.AmendedAt,
        },
        AssetRevoked x => view with { Status = AssetStatus.Revoked, StatusReason = x.Reason, UpdatedAt = x.RevokedAt },
        _ => view,
    };
}
