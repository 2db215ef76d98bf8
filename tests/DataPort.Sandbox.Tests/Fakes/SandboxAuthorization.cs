using DataPort.Domain.Common;
using DataPort.Sandbox.Grants;

namespace DataPort.Sandbox.Tests;

/// <summary>
/// The test double's rules (<see cref="InMemoryGrantGateway"/>): in production the grant grain decides with the
/// domain's <c>GrantAuthorization</c>, the one place those rules live.
/// </summary>
public static class SandboxAuthorization
{
    public static SandboxDecision Decide(SandboxGrant grant, SandboxUse use, DateTimeOffset now)
    {
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

    /// <summary>Whether the caller's organisation (or, for these tests, the caller itself) holds the grant.</summary>
    public static bool Holds(SandboxGrant grant, Caller caller) =>
        grant.Holders.Contains(caller.OrganisationId) || grant.Holders.Contains(caller.Id);
}
