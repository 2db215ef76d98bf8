using DataPort.Domain.Grants;

namespace DataPort.ReadModels.Grants;

/// <summary>
/// Inline: the owner approving a request and the developer checking it read the same list, never behind the grant.
/// Usage counts only uses that ran, as the grant's quota does.
/// </summary>
internal sealed class GrantViewProjection() : ViewProjection<GrantView, AccessRequested, IGrantEvent>(ReadModelSchema.GrantViews)
{
    protected override GrantView First(string streamKey, AccessRequested x) => new(
        streamKey, x.GrantId, x.DatasetId, x.DatasetVersion, x.OwnerOrganisationId, x.DeveloperOrganisationId, x.RequestedBy, x.Purpose,
        x.Fields, x.TermDays, x.Licence, GrantStatus.Requested, StatusReason: null, GrantedFields: [], ValidFrom: null, ExpiresAt: null,
        GrantQuota.Unlimited, GrantUsage.None, x.RequestedAt, x.RequestedAt);

    protected override GrantView Next(GrantView view, IGrantEvent e) => e switch
    {
        GrantIssued x => view with
        {
            Status = GrantStatus.Active, GrantedFields = x.Fields, ValidFrom = x.ValidFrom, ExpiresAt = x.ExpiresAt, Quota = x.Quota,
            UpdatedAt = x.IssuedAt,
        },
        AccessDenied x => view with { Status = GrantStatus.Denied, StatusReason = x.Reason, UpdatedAt = x.DeniedAt },
        GrantSuspended x => view with { Status = GrantStatus.Suspended, StatusReason = x.Reason, UpdatedAt = x.SuspendedAt },
        GrantResumed x => view with { Status = GrantStatus.Active, StatusReason = null, UpdatedAt = x.ResumedAt },
        GrantRevoked x => view with { Status = GrantStatus.Revoked, StatusReason = x.Reason, UpdatedAt = x.RevokedAt },
        GrantExpired x => view with { Status = GrantStatus.Expired, UpdatedAt = x.ExpiredAt },
        GrantUsageRecorded x => view with { Usage = view.Usage.After(x), UpdatedAt = x.RecordedAt },
        GrantPrivacySpent x => view with { UpdatedAt = x.SpentAt },
        _ => view,
    };
}
