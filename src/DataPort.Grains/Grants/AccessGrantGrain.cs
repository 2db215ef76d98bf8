using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.EventStore;
using DataPort.Grains.Datasets;
using DataPort.Grains.EventSourcing;
using Marten;
using Microsoft.Extensions.Options;
using Orleans;

namespace DataPort.Grains.Grants;

internal sealed class AccessGrantGrain(IDocumentStore store, EventWriter writer, IOptions<GrainOptions> options, IGrainFactory grains)
    : EventSourcedGrain<AccessGrant, GrantCommand, IGrantEvent>(store, writer, AccessGrantDecider.Instance, options), IAccessGrantGrain
{
    /// <summary>How long an allowed use may take to report back before its place in the quota is given up.</summary>
    internal static readonly TimeSpan InFlightLease = TimeSpan.FromMinutes(15);

    // Uses allowed but not recorded yet. Counting them when deciding the next use means calls racing on this activation
    // can never together pass a query or download quota that only some of them fit in, while each use is still recorded
    // once, after it ran. With one activation per grant cluster-wide (Orleans) that makes these quotas exact.
    private readonly List<(UseKind Kind, DateTimeOffset Since)> inFlight = [];

    protected override string StreamType => "grant";

    public Task<Versioned<AccessGrant>?> GetAsync() => ReadAsync();

    public Task<Versioned<AccessGrant>> ExecuteAsync(GrantCommand command, long? expectedVersion = null)
    {
        GrainKeys.Check(command.GrantId, PrimaryKey);
        if (command is RecordUsage recorded)
        {
            Release(recorded.Use.Kind);
        }
        return ExecuteAsync(command, command.By.Id, expectedVersion);
    }

    public async Task<AuthorizationDecision> AuthorizeAsync(GrantUse use, DateTimeOffset now) =>
        await ReadAsync() is { } grant
            ? GrantAuthorization.Authorize(grant.State, use, now, await DatasetSuspensionAsync(grant.State))
            : new Denied($"grant '{PrimaryKey}' does not exist");

    public async Task<GrantUseCheck?> CheckUseAsync(UseRequest request, Caller by, string? queryHash, DateTimeOffset now, UseLimits? limits = null)
    {
        if (await ReadAsync() is not { } grant || !Holds(grant.State, by))
        {
            return null;
        }
        var use = grant.State.Resolve(request);
        inFlight.RemoveAll(pending => now - pending.Since > InFlightLease);
        // The one activation sees every node's uses, so this bounds the grant's load on the sandbox cluster-wide. Uses
        // past the lease (their node died before reporting) no longer count as running, though they still hold quota.
        if (limits is { AtOnce: > 0 } && inFlight.Count(pending => now - pending.Since <= limits.Lease) >= limits.AtOnce)
        {
            return new GrantUseCheck(grant, use, new Busy(limits.AtOnce));
        }
        var decision = GrantAuthorization.Authorize(WithInFlight(grant.State), use, now, await DatasetSuspensionAsync(grant.State));
        if (decision is Denied denied)
        {
            if (grant.State.ValidFrom is not null)
            {
                grant = await ExecuteAsync(new RecordUsage(PrimaryKey, use, by, now, UseOutcomes.Denied(denied.Code), queryHash), by.Id, expectedVersion: null);
            }
        }
        else
        {
            inFlight.Add((use.Kind, now));
        }
        return new GrantUseCheck(grant, use, decision);
    }

    // Every use is decided against the live dataset too: a regulator's suspension stops it under every grant.
    private async Task<Suspension?> DatasetSuspensionAsync(AccessGrant grant) =>
        (await grains.GetGrain<IDatasetGrain>(grant.DatasetId).GetAsync())?.State.Suspension;

    private AccessGrant WithInFlight(AccessGrant grant)
    {
        var downloads = inFlight.Count(pending => pending.Kind == UseKind.Download);
        return inFlight.Count == 0 ? grant : grant with
        {
            Usage = grant.Usage with { Queries = grant.Usage.Queries + inFlight.Count - downloads, Downloads = grant.Usage.Downloads + downloads },
        };
    }

    private void Release(UseKind kind)
    {
        var index = inFlight.FindIndex(pending => pending.Kind == kind);
        if (index >= 0)
        {
            inFlight.RemoveAt(index);
        }
    }

    private static bool Holds(AccessGrant grant, Caller by) =>
        by.OrganisationId.Length > 0 && string.Equals(by.OrganisationId, grant.DeveloperOrganisationId, StringComparison.Ordinal);
}
