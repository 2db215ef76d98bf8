using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Grains.Grants;
using DataPort.Jobs;
using DataPort.ReadModels.Grants;
using DataPort.Sandbox.Roles;
using Orleans;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// The grant-expiry sweep's port into the grains: the read model finds grants past their end time and each
/// grain expires its own. The jobs module knows nothing of grants, nor the grains of jobs; only the host
/// sees both, so the adapter lives here. Each expiry event drops the grant's sandbox roles (through the sandbox's
/// projection); the sweep then drops any roles left whose grant is past its end with no such event.
/// A host without the sandbox (a jobs node, some test hosts) has no roles to drop.
/// </summary>
internal sealed class GrantExpirySweeper(GrantDirectory grants, IGrainFactory grains, ISandboxRoles? sandboxRoles = null) : IGrantExpirySweeper
{
    public async Task<int> ExpireDueGrantsAsync(DateTimeOffset now, IJobProgress progress, CancellationToken cancellationToken)
    {
        var due = await grants.DueForExpiryAsync(now, cancellationToken: cancellationToken);
        var expired = 0;
        for (var i = 0; i < due.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await grains.GetGrain<IAccessGrantGrain>(due[i]).ExecuteAsync(new ExpireGrant(due[i], Caller.System, now));
                expired++;
            }
            catch (InvalidTransitionException)
            {
                // Revoked or expired by another node since the read model was read: nothing left to do.
            }
            await progress.ReportAsync(i + 1, due.Count, cancellationToken);
        }
        if (sandboxRoles is not null)
        {
            await sandboxRoles.DropExpiredAsync(cancellationToken);
        }
        return expired;
    }
}

public static class ModuleBridges
{
    /// <summary>Adapters between modules that must not reference each other (jobs ↔ grains, jobs ↔ trading, ledger ↔ read models).</summary>
    public static IHostApplicationBuilder AddModuleBridges(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IGrantExpirySweeper, GrantExpirySweeper>();
        builder.Services.AddSingleton<IUsageRollup, UsageRollupBridge>();
        builder.Services.AddSingleton<DataPort.EventStore.Ledger.ILedgerParties, LedgerParties>();
        builder.Services.AddSingleton<DataPort.Identity.Clients.IClientLockouts, ClientLockoutEvents>();
        return builder;
    }
}
