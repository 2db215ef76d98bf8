using DataPort.Domain.Common;
using DataPort.Domain.Datasets;

namespace DataPort.Domain.Grants;

/// <summary>
/// The rules of 授权: a developer requests access to an available dataset under one of its licences; the
/// dataset's owner organisation approves (possibly narrowing fields and term) or denies; only a regulator
/// suspends and resumes; the owner or a regulator revokes; a grant expires at its end time.
/// </summary>
public sealed class AccessGrantDecider : IDecider<AccessGrant, GrantCommand, IGrantEvent>
{
    public static AccessGrantDecider Instance { get; } = new();

    public IReadOnlyList<IGrantEvent> Decide(AccessGrant? state, GrantCommand command)
    {
        if (command is RequestAccess request)
        {
            return [Request(state, request)];
        }
        if (state is null)
        {
            throw new NotFoundException($"Grant '{command.GrantId}' does not exist.");
        }
        return command switch
        {
            ApproveGrant c => [Approve(state, c)],
            DenyGrant c => [Deny(state, c)],
            SuspendGrant c => [Suspend(state, c)],
            ResumeGrant c => [Resume(state, c)],
            RevokeGrant c => [Revoke(state, c)],
            ExpireGrant c => [Expire(state, c)],
            RecordUsage c => [Record(state, c)],
            SpendPrivacyBudget c => [Spend(state, c)],
            _ => throw new InvalidInputException($"Unknown grant command {command.GetType().Name}."),
        };
    }

    public AccessGrant Evolve(AccessGrant? state, IGrantEvent @event) => state is null
        ? AccessGrant.Create(@event as AccessRequested
            ?? throw new InvalidOperationException($"A grant stream must start with {nameof(AccessRequested)}, not {@event.GetType().Name}."))
        : state.Apply(@event);

    private static AccessRequested Request(AccessGrant? state, RequestAccess c)
    {
        if (state is not null)
        {
            throw new InvalidTransitionException($"Grant '{c.GrantId}' was already requested.");
        }
        Guard.Role(c.By, "request access", Roles.Developer);
        var (dataset, licence) = DatasetOffer.Require(c.Dataset, c.LicenceOptionId);
        DatasetOffer.RequirePurposeAndFields(dataset, c.Purpose, c.Fields);
        if (c.TermDays < 1 || c.TermDays > licence.TermDays)
        {
            throw new InvalidInputException($"termDays must be between 1 and {licence.TermDays} under licence '{licence.Id}'; got {c.TermDays}.");
        }
        if (c.DatasetVersion is { } version && dataset.Versions.All(v => v.Number != version))
        {
            throw new InvalidInputException($"Dataset '{dataset.DatasetId}' has no version {version}.");
        }
        return new AccessRequested(c.GrantId, dataset.DatasetId, dataset.OwnerOrganisationId, c.By.OrganisationId, c.Purpose, c.Fields,
            c.TermDays, licence, c.DatasetVersion, c.By.Id, c.At);
    }

    private static GrantIssued Approve(AccessGrant state, ApproveGrant c)
    {
        Guard.Organisation(c.By, state.OwnerOrganisationId, "approve access to its dataset");
        Expect(state, "approve it", GrantStatus.Requested);
        var fields = c.Fields ?? state.RequestedFields;
        Guard.NotEmpty(fields, "fields");
        var extra = fields.Where(f => !state.RequestedFields.Contains(f, StringComparer.Ordinal)).ToList();
        if (extra.Count > 0)
        {
            throw new InvalidInputException($"An approval may only narrow the request: field(s) {string.Join(", ", extra)} were not requested.");
        }
        var term = c.TermDays ?? state.RequestedTermDays;
        if (term < 1 || term > state.RequestedTermDays)
        {
            throw new InvalidInputException($"An approval may only narrow the term: termDays must be between 1 and {state.RequestedTermDays}.");
        }
        if (c.Quota.MaxQueries < 0 || c.Quota.MaxRows < 0 || c.Quota.MaxDownloads < 0)
        {
            throw new InvalidInputException("Quotas cannot be negative.");
        }
        if (!state.Licence.DownloadAllowed && c.Quota.MaxDownloads > 0)
        {
            throw new InvalidInputException($"Licence '{state.Licence.Id}' is sandbox-only: a download quota makes no sense.");
        }
        return new GrantIssued(state.GrantId, [.. fields.Distinct(StringComparer.Ordinal)], c.At, c.At.AddDays(term), c.Quota, c.By.Id, c.At);
    }

    private static AccessDenied Deny(AccessGrant state, DenyGrant c)
    {
        Guard.Organisation(c.By, state.OwnerOrganisationId, "deny access to its dataset");
        Guard.Required(c.Reason, "reason");
        Expect(state, "deny it", GrantStatus.Requested);
        return new AccessDenied(state.GrantId, c.Reason, c.By.Id, c.At);
    }

    private static GrantSuspended Suspend(AccessGrant state, SuspendGrant c)
    {
        Guard.Role(c.By, "suspend a grant", Roles.Regulator);
        Guard.Required(c.Reason, "reason");
        Expect(state, "suspend it", GrantStatus.Active);
        return new GrantSuspended(state.GrantId, c.Reason, c.By.Id, c.At);
    }

    private static GrantResumed Resume(AccessGrant state, ResumeGrant c)
    {
        Guard.Role(c.By, "resume a grant", Roles.Regulator);
        Guard.Required(c.Reason, "reason");
        Expect(state, "resume it", GrantStatus.Suspended);
        if (c.At >= state.ExpiresAt)
        {
            throw new InvalidTransitionException($"Grant '{state.GrantId}' ended at {state.ExpiresAt:O}; it can only expire now.");
        }
        return new GrantResumed(state.GrantId, c.By.Id, c.At, c.Reason.Trim());
    }

    private static GrantRevoked Revoke(AccessGrant state, RevokeGrant c)
    {
        if (!c.By.Is(Roles.Regulator))
        {
            Guard.Organisation(c.By, state.OwnerOrganisationId, "revoke this grant (or a regulator)");
        }
        Guard.Required(c.Reason, "reason");
        Expect(state, "revoke it", GrantStatus.Active, GrantStatus.Suspended);
        return new GrantRevoked(state.GrantId, c.Reason, c.By.Id, c.At);
    }

    private static GrantExpired Expire(AccessGrant state, ExpireGrant c)
    {
        Expect(state, "expire it", GrantStatus.Active, GrantStatus.Suspended);
        if (c.At < state.ExpiresAt)
        {
            throw new InvalidTransitionException($"Grant '{state.GrantId}' runs until {state.ExpiresAt:O}.");
        }
        return new GrantExpired(state.GrantId, c.By.Id, c.At);
    }

    private static GrantUsageRecorded Record(AccessGrant state, RecordUsage c)
    {
        Guard.Organisation(c.By, state.DeveloperOrganisationId, "use this grant");
        if (state.ValidFrom is null)
        {
            throw new InvalidTransitionException($"Grant '{state.GrantId}' was never issued: it has no use to record.");
        }
        if (c.Use.Rows < 0)
        {
            throw new InvalidInputException("A use cannot return a negative number of rows.");
        }
        return new GrantUsageRecorded(state.GrantId, c.Use.Kind, c.Use.Rows, c.By.Id, c.At, c.Outcome, c.Use.DatasetVersion, c.QueryHash,
            c.DurationMs, c.Truncated);
    }

    private static GrantPrivacySpent Spend(AccessGrant state, SpendPrivacyBudget c)
    {
        Guard.Organisation(c.By, state.DeveloperOrganisationId, "use this grant");
        Expect(state, "spend privacy budget", GrantStatus.Active);
        if (!double.IsFinite(c.Epsilon) || c.Epsilon <= 0)
        {
            throw new InvalidInputException($"epsilon must be above 0; got {c.Epsilon}.");
        }
        var (left, renews) = state.PrivacyLeft(c.At)!.Value;
        if (c.Epsilon > left + PrivacyBudget.Tolerance)
        {
            throw new InvalidTransitionException(
                $"Grant '{state.GrantId}' has ε = {left:0.###} of its privacy budget left until {renews:O}; this needs {c.Epsilon:0.###}.");
        }
        return new GrantPrivacySpent(state.GrantId, c.Epsilon, c.By.Id, c.At, c.QueryHash);
    }

    private static void Expect(AccessGrant state, string action, params GrantStatus[] allowed)
    {
        if (!allowed.Contains(state.Status))
        {
            throw new InvalidTransitionException(
                $"Cannot {action}: grant '{state.GrantId}' is {state.Status}, not {string.Join(" or ", allowed)}.");
        }
    }
}
