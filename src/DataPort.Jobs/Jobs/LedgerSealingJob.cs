using DataPort.EventStore.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Seals committed events into the hash-chained ledger and signs a checkpoint when the tree grew, through
/// the event store's <see cref="LedgerSealer"/> (scheduled only on hosts that call <c>AddDataPortEventStore</c>).
/// Marten's daemon usually sealed the entries already; this fire then only signs. Idempotent: it seals what is
/// pending, so a rerun after a crash finds less, or nothing, to do; a node that finds another sealing (Busy) simply
/// succeeds. A fire that neither sealed nor signed leaves no run-history row (<see cref="IRecordsOnlyWork"/>); its
/// result is the entries sealed, or 1 for a checkpoint over entries sealed meanwhile.
/// </summary>
/// <remarks>One sealer at a time across the cluster: the chain has one head (the sealer's advisory lock says the same).</remarks>
[DisallowConcurrentExecution]
public sealed class LedgerSealingJob(IServiceProvider services) : IJob, IRecordsOnlyWork
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sealer = services.GetRequiredService<LedgerSealer>();
        var result = await sealer.SealPendingAsync(cancellationToken);
        context.Result = result.Checkpoint is null ? result.EntriesSealed : Math.Max(result.EntriesSealed, 1L);
    }
}
