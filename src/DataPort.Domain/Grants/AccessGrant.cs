using DataPort.Domain.Datasets;

namespace DataPort.Domain.Grants;

public enum GrantStatus
{
    Requested,
    Active,
    Denied,
    Suspended,
    Revoked,
    Expired,
}

/// <summary>The state of one 授权, rebuilt from its events.</summary>
public sealed record AccessGrant(
    string GrantId,
    string DatasetId,
    string OwnerOrganisationId,
    string DeveloperOrganisationId,
    string RequestedBy,
    string Purpose,
    IReadOnlyList<string> RequestedFields,
    int RequestedTermDays,
    LicenceOption Licence,
    int? DatasetVersion,
    GrantStatus Status,
    IReadOnlyList<string> GrantedFields,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ExpiresAt,
    GrantQuota Quota,
    GrantUsage Usage,
    string? StatusReason,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The ε spent in the latest budget period with a spend (<see cref="GrantPrivacySpent"/>).</summary>
    public PrivacySpend PrivacySpent { get; init; } = PrivacySpend.None;

    /// <summary>The budget noisy aggregations spend: the licence's own, or the platform's default.</summary>
    public PrivacyBudget PrivacyBudget => Licence.Privacy ?? PrivacyBudget.Default;

    /// <summary>The ε left at <paramref name="at"/> and when the budget renews; null before the grant is issued.</summary>
    public (double Left, DateTimeOffset RenewsAt)? PrivacyLeft(DateTimeOffset at)
    {
        if (ValidFrom is not { } start)
        {
            return null;
        }
        var period = Math.Max(0, PrivacyBudget.PeriodAt(start, at));
        return (Math.Max(0, PrivacyBudget.Epsilon - PrivacySpent.In(period)), PrivacyBudget.Renewal(start, period));
    }

    public static AccessGrant Create(AccessRequested e) =>
        new(e.GrantId, e.DatasetId, e.OwnerOrganisationId, e.DeveloperOrganisationId, e.RequestedBy, e.Purpose, e.Fields, e.TermDays,
            e.Licence, e.DatasetVersion, GrantStatus.Requested, [], null, null, GrantQuota.Unlimited, GrantUsage.None, null,
            e.RequestedAt, e.RequestedAt);

    /// <summary>
    /// The use <paramref name="request"/> stands for under this grant, asking for no rows yet: what it leaves out is the
    /// grant's dataset, its pinned version (free SQL can only read covered versions, so the pinned one stands for it)
    /// and its granted fields; the privacy budget an aggregation asks to spend applies under aggregate-only licences.
    /// </summary>
    public GrantUse Resolve(UseRequest request) =>
        new(request.DatasetId ?? DatasetId, request.DatasetVersion ?? DatasetVersion ?? 0, request.Fields ?? GrantedFields, request.Kind, Rows: 0)
        {
            ExactExtremes = request.ExactExtremes,
            // Only a licence that hides rows answers with noise: a row-level grant could read the exact figure anyway.
            Epsilon = Licence.AggregateOnly && request.Kind == UseKind.Aggregate ? request.Epsilon : 0,
        };

    public AccessGrant Apply(IGrantEvent e) => e switch
    {
        GrantIssued x => this with
        {
            Status = GrantStatus.Active, GrantedFields = x.Fields, ValidFrom = x.ValidFrom, ExpiresAt = x.ExpiresAt, Quota = x.Quota,
            UpdatedAt = x.IssuedAt,
        },
        AccessDenied x => this with { Status = GrantStatus.Denied, StatusReason = x.Reason, UpdatedAt = x.DeniedAt },
        GrantSuspended x => this with { Status = GrantStatus.Suspended, StatusReason = x.Reason, UpdatedAt = x.SuspendedAt },
        GrantResumed x => this with { Status = GrantStatus.Active, StatusReason = null, UpdatedAt = x.ResumedAt },
        GrantRevoked x => this with { Status = GrantStatus.Revoked, StatusReason = x.Reason, UpdatedAt = x.RevokedAt },
        GrantExpired x => this with { Status = GrantStatus.Expired, UpdatedAt = x.ExpiredAt },
        GrantUsageRecorded x => this with { Usage = Usage.After(x), UpdatedAt = x.RecordedAt },
        GrantPrivacySpent x => this with
        {
            PrivacySpent = PrivacyBudget.PeriodAt(ValidFrom ?? x.SpentAt, x.SpentAt) is var period && period == PrivacySpent.Period
                ? PrivacySpent with { Epsilon = PrivacySpent.Epsilon + x.Epsilon }
                : new PrivacySpend(period, x.Epsilon),
            UpdatedAt = x.SpentAt,
        },
        AccessRequested => throw new InvalidOperationException($"Grant {GrantId} was requested twice in its stream."),
        _ => throw new InvalidOperationException($"Unknown grant event {e.GetType().Name}."),
    };
}
