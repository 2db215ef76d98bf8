namespace DataPort.Sandbox.Grants;

/// <summary>
/// The sandbox's own pure check of a live grant against one use. The domain's <c>Authorize</c> is the
/// authority (called by the grant gateway); this runs as well so the sandbox never relies on one check only.
/// </summary>
public static class SandboxAuthorization
{
    public static SandboxDecision Decide(SandboxGrant grant, SandboxUse use, DateTimeOffset now)
    {
        if (!grant.Holders.Overlaps(use.CallerPrincipals))
        {
            return SandboxDecision.Deny("not-holder", $"Grant {grant.GrantId} was not issued to the caller.");
        }
        switch (grant.Status)
        {
            case SandboxGrantStatus.Suspended:
                return SandboxDecision.Deny("grant-suspended", $"Grant {grant.GrantId} is suspended.");
            case SandboxGrantStatus.Revoked:
                return SandboxDecision.Deny("grant-revoked", $"Grant {grant.GrantId} was revoked.");
            case SandboxGrantStatus.Expired:
                return SandboxDecision.Deny("grant-expired", $"Grant {grant.GrantId} has expired.");
            case SandboxGrantStatus.NotIssued:
                return SandboxDecision.Deny("grant-not-issued", $"Grant {grant.GrantId} has not been issued.");
        }
        if (now >= grant.ExpiresAt)
        {
            return SandboxDecision.Deny("grant-expired", $"Grant {grant.GrantId} expired at {grant.ExpiresAt:O}.");
        }
        if (grant.QueriesRemaining is <= 0)
        {
            return SandboxDecision.Deny("quota-exhausted", $"Grant {grant.GrantId} has no queries left in its quota.");
        }
        switch (use.Kind)
        {
            case SandboxUseKind.Query when grant.Access != SandboxAccessLevel.RowLevel:
                return SandboxDecision.Deny("aggregate-only",
                    $"Grant {grant.GrantId} allows aggregates only: use POST /api/sandbox/aggregations.");
            case SandboxUseKind.Download when !grant.DownloadAllowed:
                return SandboxDecision.Deny("download-not-licensed", $"The licence of grant {grant.GrantId} does not allow downloads.");
        }
        if (use.DatasetId is not null)
        {
            var dataset = grant.Find(use.DatasetId);
            if (dataset is null)
            {
                return SandboxDecision.Deny("dataset-not-granted", $"Grant {grant.GrantId} does not cover dataset '{use.DatasetId}'.");
            }
            if (use.Version is { } version && !dataset.Covers(version))
            {
                return SandboxDecision.Deny("version-not-granted",
                    $"Grant {grant.GrantId} does not cover version {version} of dataset '{use.DatasetId}'.");
            }
        }
        return SandboxDecision.Allow;
    }
}
