using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Sandbox.Grants;

namespace DataPort.Sandbox.Tests;

/// <summary>
/// The test double's rules (<see cref="InMemoryGrantGateway"/>): in production the grant grain decides with the
/// domain's <c>GrantAuthorization</c>, the one place those rules live.
/// </summary>
public static class SandboxAuthorization
{
    public static SandboxDecision Decide(SandboxGrant grant, FakeTerms terms, SandboxUse use, DateTimeOffset now)
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
        if (terms.QueriesRemaining is <= 0)
        {
            return SandboxDecision.Deny("quota-exhausted", $"Grant {grant.GrantId} has no queries left in its quota.");
        }
        switch (use.Kind)
        {
            case UseKind.SandboxQuery when terms.AggregateOnly:
                return SandboxDecision.Deny("aggregate-only",
                    $"Grant {grant.GrantId} allows aggregates only: use POST /api/sandbox/aggregations.");
            case UseKind.Download when !terms.DownloadAllowed:
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
    public static bool Holds(FakeTerms terms, Caller caller) =>
        terms.Holders.Contains(caller.OrganisationId) || terms.Holders.Contains(caller.Id);
}
