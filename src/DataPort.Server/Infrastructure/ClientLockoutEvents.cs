using DataPort.Domain.Organisations;
using DataPort.EventStore;
using DataPort.Identity.Clients;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// Records an app's sign-in lockout on its organisation's stream, where the organisation (and regulators) read it in
/// the ledger view (<c>GET /api/ledger/history/organisation/{id}</c>).
/// </summary>
internal sealed class ClientLockoutEvents(EventWriter events) : IClientLockouts
{
    public Task RecordAsync(ClientLockout lockout, CancellationToken cancellationToken) =>
        events.AppendAsync($"organisation-{lockout.OrganisationId}", expectedVersion: null,
            [new OrganisationAppSignInLocked(lockout.OrganisationId, lockout.ClientId, lockout.Address, lockout.Failures, lockout.Until)],
            new EventMetadata("system", System.Diagnostics.Activity.Current?.TraceId.ToString()), cancellationToken);
}
