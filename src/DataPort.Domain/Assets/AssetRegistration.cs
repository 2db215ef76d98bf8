using DataPort.Domain.Certificates;

namespace DataPort.Domain.Assets;

public enum AssetStatus
{
    Submitted,
    UnderReview,
    Registered,
    Rejected,
    Objected,
    Revoked,
}

/// <summary>The state of one 数据资产登记, rebuilt from its events.</summary>
public sealed record AssetRegistration(
    string AssetId,
    string OwnerOrganisationId,
    AssetDetails Details,
    AssetStatus Status,
    AssetCertificate? Certificate,
    string? RejectionReason,
    string? OpenObjection,
    string? RevocationReason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt)
{
    public static AssetRegistration Create(AssetSubmitted e) =>
        new(e.AssetId, e.OwnerOrganisationId, e.Details, AssetStatus.Submitted, null, null, null, null, e.SubmittedAt, e.SubmittedAt);

    public AssetRegistration Apply(IAssetEvent e) => e switch
    {
        AssetReviewStarted x => this with { Status = AssetStatus.UnderReview, UpdatedAt = x.StartedAt },
        AssetRegistered x => this with { Status = AssetStatus.Registered, Certificate = x.Certificate, UpdatedAt = x.RegisteredAt },
        AssetRejected x => this with { Status = AssetStatus.Rejected, RejectionReason = x.Reason, UpdatedAt = x.RejectedAt },
        AssetObjectionRaised x => this with { Status = AssetStatus.Objected, OpenObjection = x.Reason, UpdatedAt = x.RaisedAt },
        AssetObjectionResolved x => this with { Status = AssetStatus.Registered, OpenObjection = null, UpdatedAt = x.ResolvedAt },
        // An amendment of a rejected registration is a resubmission; during an objection the status stays.
        AssetAmended x => this with
        {
            Details = x.Details,
            Status = Status == AssetStatus.Rejected ? AssetStatus.Submitted : Status,
            RejectionReason = null,
            UpdatedAt = x.AmendedAt,
        },
        AssetRevoked x => this with { Status = AssetStatus.Revoked, RevocationReason = x.Reason, UpdatedAt = x.RevokedAt },
        AssetSubmitted => throw new InvalidOperationException($"Asset {AssetId} was submitted twice in its stream."),
        _ => throw new InvalidOperationException($"Unknown asset event {e.GetType().Name}."),
    };
}
