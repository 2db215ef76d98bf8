using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Seals pending events into the hash-chained ledger and writes checkpoints. Implemented by the event store
/// module; scheduled only on hosts that register one. Idempotent: it seals what is pending, so a repeated
/// call after a crash finds less (or nothing) to do.
/// </summary>
public interface ILedgerSealer
{
    /// <summary>Seals what is pending; returns how many events were sealed.</summary>
    Task<int> SealPendingAsync(CancellationToken cancellationToken);
}

/// <summary>One sealer at a time across the cluster: the chain has one head.</summary>
[DisallowConcurrentExecution]
public sealed class LedgerSealingJob(IServiceProvider services) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sealer = services.GetRequiredService<ILedgerSealer>();
        context.Result = await sealer.SealPendingAsync(cancellationToken);
    }
}
