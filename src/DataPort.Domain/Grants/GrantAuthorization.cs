using DataPort.Domain.Datasets;

namespace DataPort.Domain.Grants;

public abstract record AuthorizationDecision
{
    public static Allowed Allow { get; } = new();
}

public sealed record Allowed : AuthorizationDecision;

/// <summary>Refused: <paramref name="Reason"/> is a sentence for people, <paramref name="Code"/> a stable token for programs.</summary>
public sealed record Denied(string Reason, string Code = "denied") : AuthorizationDecision;

/// <summary>Not now: the grant already runs as many uses at once as it may. Not a refusal of the grant, so not recorded.</summary>
public sealed record Busy(int AtOnce) : AuthorizationDecision;

/// <summary>
/// The check every sandbox query and download makes against the live grant. Pure, so the sandbox can call it
/// on each request without a round trip, and so every rule has a unit test.
/// </summary>
public static class GrantAuthorization
{
    /// <param name="grant">The live grant.</param>
    /// <param name="use">The use asked for (rows 0 before it runs).</param>
    /// <param name="now">The time it is decided at.</param>
    /// <param name="datasetSuspension">The regulator's suspension of the grant's dataset, if any: it stops every use of
    /// every grant on the dataset until resumed, while the grants themselves keep their state.</param>
    public static AuthorizationDecision Authorize(AccessGrant grant, GrantUse use, DateTimeOffset now, Suspension? datasetSuspension = null)
    {
        var status = grant.Status switch
        {
            GrantStatus.Requested => new Denied("the grant has not been approved yet", "grant-not-issued"),
            GrantStatus.Denied => new Denied($"the request was denied ({grant.StatusReason})", "grant-not-issued"),
            GrantStatus.Suspended => new Denied($"the grant is suspended by the regulator ({grant.StatusReason})", "grant-suspended"),
            GrantStatus.Revoked => new Denied($"the grant was revoked ({grant.StatusReason})", "grant-revoked"),
            GrantStatus.Expired => new Denied("the grant has expired", "grant-expired"),
            _ => null,
        };
        if (status is not null)
        {
            return status;
        }
        if (datasetSuspension is not null)
        {
            return new Denied($"dataset '{grant.DatasetId}' is suspended by the regulator ({datasetSuspension.Reason})", "dataset-suspended");
        }
        if (now < grant.ValidFrom)
        {
            return new Denied($"the grant is valid only from {grant.ValidFrom:O}", "grant-not-yet-valid");
        }
        // The expiry sweep may not have run yet: the end time itself is authoritative.
        if (now >= grant.ExpiresAt)
        {
            return new Denied($"the grant expired at {grant.ExpiresAt:O}", "grant-expired");
        }
        if (!string.Equals(use.DatasetId, grant.DatasetId, StringComparison.Ordinal))
        {
            return new Denied($"the grant covers dataset '{grant.DatasetId}', not '{use.DatasetId}'", "dataset-not-granted");
        }
        if (grant.DatasetVersion is { } pinned && pinned != use.DatasetVersion)
        {
            return new Denied($"the grant covers version {pinned} only, not version {use.DatasetVersion}", "version-not-granted");
        }
        if (use.Fields.Count == 0)
        {
            return new Denied("the use names no fields", "no-fields");
        }
        var outside = use.Fields.Where(f => !grant.GrantedFields.Contains(f, StringComparer.Ordinal)).ToList();
        if (outside.Count > 0)
        {
            return new Denied($"field(s) {string.Join(", ", outside)} are not granted", "fields-not-granted");
        }
        if (use.Rows < 0)
        {
            return new Denied("a use cannot return a negative number of rows", "invalid-use");
        }
        if (use.Kind == UseKind.Download && !grant.Licence.DownloadAllowed)
        {
            return new Denied($"licence '{grant.Licence.Id}' is sandbox-only: downloads are not allowed", "download-not-licensed");
        }
        if (use.Kind == UseKind.SandboxQuery && grant.Licence.AggregateOnly)
        {
            return new Denied($"licence '{grant.Licence.Id}' allows aggregate queries only", "aggregate-only");
        }
        // An exact minimum or maximum is one row's value (an outlier's, in a group of any size): not for a licence
        // that exists because the rows may not be seen.
        if (use.ExactExtremes && grant.Licence.AggregateOnly)
        {
            return new Denied($"licence '{grant.Licence.Id}' allows aggregates only, and an exact min or max is a single row's value: " +
                "ask for a quantile instead (0 or 1 for the extremes, 0.05 or 0.95 for robust ones)", "exact-extremes");
        }
        return CheckPrivacyBudget(grant, use, now) ?? CheckQuota(grant.Quota, grant.Usage, use);
    }

    private static Denied? CheckPrivacyBudget(AccessGrant grant, GrantUse use, DateTimeOffset now)
    {
        if (use.Epsilon <= 0 || grant.PrivacyLeft(now) is not var (left, renews) || use.Epsilon <= left + PrivacyBudget.Tolerance)
        {
            return null;
        }
        var budget = grant.PrivacyBudget;
        return new Denied($"the privacy budget of ε = {budget.Epsilon:0.###} per {budget.PeriodDays} days has ε = {left:0.###} left and this " +
            $"aggregation needs {use.Epsilon:0.###}; it renews at {renews:O} (ask for a smaller epsilon, at the cost of more noise)",
            "privacy-budget-exhausted");
    }

    private static AuthorizationDecision CheckQuota(GrantQuota quota, GrantUsage usage, GrantUse use)
    {
        if (use.Kind != UseKind.Download && usage.Queries + 1 > quota.MaxQueries)
        {
            return new Denied($"the query quota of {quota.MaxQueries} is used up", "quota-exhausted");
        }
        if (use.Kind == UseKind.Download && usage.Downloads + 1 > quota.MaxDownloads)
        {
            return new Denied($"the download quota of {quota.MaxDownloads} is used up", "quota-exhausted");
        }
        // A use about to run asks with Rows = 0: it is refused only when no row is left, and a query then returns at
        // most RowsLeft rows (see GrantQuota.RowsLeft), so the quota bites on the very call that reaches it.
        if (quota.RowsLeft(usage) is { } left && (left == 0 || use.Rows > left))
        {
            return new Denied($"the row quota of {quota.MaxRows} is used up ({usage.Rows} rows returned)", "quota-exhausted");
        }
        return AuthorizationDecision.Allow;
    }
}
