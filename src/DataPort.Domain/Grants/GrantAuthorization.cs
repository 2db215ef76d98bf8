namespace DataPort.Domain.Grants;

public abstract record AuthorizationDecision
{
    public static Allowed Allow { get; } = new();
}

public sealed record Allowed : AuthorizationDecision;

public sealed record Denied(string Reason) : AuthorizationDecision;

/// <summary>
/// The check every sandbox query and download makes against the live grant. Pure, so the sandbox can call it
/// on each request without a round trip, and so every rule has a unit test.
/// </summary>
public static class GrantAuthorization
{
    public static AuthorizationDecision Authorize(AccessGrant grant, GrantUse use, DateTimeOffset now)
    {
        var status = grant.Status switch
        {
            GrantStatus.Requested => "the grant has not been approved yet",
            GrantStatus.Denied => $"the request was denied ({grant.StatusReason})",
            GrantStatus.Suspended => $"the grant is suspended by the regulator ({grant.StatusReason})",
            GrantStatus.Revoked => $"the grant was revoked ({grant.StatusReason})",
            GrantStatus.Expired => "the grant has expired",
            _ => null,
        };
        if (status is not null)
        {
            return new Denied(status);
        }
        if (now < grant.ValidFrom)
        {
            return new Denied($"the grant is valid only from {grant.ValidFrom:O}");
        }
        // The expiry sweep may not have run yet: the end time itself is authoritative.
        if (now >= grant.ExpiresAt)
        {
            return new Denied($"the grant expired at {grant.ExpiresAt:O}");
        }
        if (!string.Equals(use.DatasetId, grant.DatasetId, StringComparison.Ordinal))
        {
            return new Denied($"the grant covers dataset '{grant.DatasetId}', not '{use.DatasetId}'");
        }
        if (grant.DatasetVersion is { } pinned && pinned != use.DatasetVersion)
        {
            return new Denied($"the grant covers version {pinned} only, not version {use.DatasetVersion}");
        }
        if (use.Fields.Count == 0)
        {
            return new Denied("the use names no fields");
        }
        var outside = use.Fields.Where(f => !grant.GrantedFields.Contains(f, StringComparer.Ordinal)).ToList();
        if (outside.Count > 0)
        {
            return new Denied($"field(s) {string.Join(", ", outside)} are not granted");
        }
        if (use.Rows < 0)
        {
            return new Denied("a use cannot return a negative number of rows");
        }
        if (use.Kind == UseKind.Download && !grant.Licence.DownloadAllowed)
        {
            return new Denied($"licence '{grant.Licence.Id}' is sandbox-only: downloads are not allowed");
        }
        if (use.Kind == UseKind.SandboxQuery && grant.Licence.AggregateOnly)
        {
            return new Denied($"licence '{grant.Licence.Id}' allows aggregate queries only");
        }
        return CheckQuota(grant.Quota, grant.Usage, use);
    }

    private static AuthorizationDecision CheckQuota(GrantQuota quota, GrantUsage usage, GrantUse use)
    {
        if (use.Kind != UseKind.Download && usage.Queries + 1 > quota.MaxQueries)
        {
            return new Denied($"the query quota of {quota.MaxQueries} is used up");
        }
        if (use.Kind == UseKind.Download && usage.Downloads + 1 > quota.MaxDownloads)
        {
            return new Denied($"the download quota of {quota.MaxDownloads} is used up");
        }
        if (usage.Rows + use.Rows > quota.MaxRows)
        {
            return new Denied($"{use.Rows} more rows would exceed the row quota of {quota.MaxRows} ({usage.Rows} used)");
        }
        return AuthorizationDecision.Allow;
    }
}
