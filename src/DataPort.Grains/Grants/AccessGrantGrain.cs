using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.EventStore;
using DataPort.Grains.EventSourcing;
using DataPort.Grains.Runtime;
using Microsoft.Extensions.Options;

namespace DataPort.Grains.Grants;

internal sealed class AccessGrantGrain(IEventStore store, IOptions<GrainOptions> options)
    : EventSourcedGrain<AccessGrant, GrantCommand, IGrantEvent>(store, AccessGrantDecider.Instance, options), IAccessGrantGrain
{
    protected override string StreamType => "grant";

    public Task<Versioned<AccessGrant>?> GetAsync() => ReadAsync();

    public Task<Versioned<AccessGrant>> ExecuteAsync(GrantCommand command, long? expectedVersion = null)
    {
        GrainKeys.Check(command.GrantId, PrimaryKey);
        return ExecuteAsync(command, command.By.Id, expectedVersion);
    }

    public async Task<AuthorizationDecision> AuthorizeAsync(GrantUse use, DateTimeOffset now) =>
        await ReadAsync() is { } grant
            ? GrantAuthorization.Authorize(grant.State, use, now)
            : new Denied($"grant '{PrimaryKey}' does not exist");

    public async Task<GrantUseCheck?> CheckUseAsync(GrantUse use, Caller by, string? queryHash, DateTimeOffset now)
    {
        if (await ReadAsync() is not { } grant || !Holds(grant.State, by))
        {
            return null;
        }
        var decision = GrantAuthorization.Authorize(grant.State, use, now);
        if (decision is Denied denied && grant.State.ValidFrom is not null)
        {
            grant = await ExecuteAsync(new RecordUsage(PrimaryKey, use, by, now, UseOutcomes.Denied(denied.Code), queryHash), by.Id, expectedVersion: null);
        }
        return new GrantUseCheck(grant, decision);
    }

    private static bool Holds(AccessGrant grant, Caller by) =>
        by.OrganisationId.Length > 0 && string.Equals(by.OrganisationId, grant.DeveloperOrganisationId, StringComparison.Ordinal);
}
