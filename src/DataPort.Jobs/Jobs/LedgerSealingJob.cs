using DataPort.EventStore.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Seals committed events into the hash-chained ledger and signs a checkpoint when the tree grew, through
/// the event store's <see cref="LedgerSealer"/> (scheduled only on hosts that call <c>AddDataPortEventStore</c>).
/// Idempotent: it seals what is pending, so a rerun after a crash finds less, or nothing, to do; a node
/// that finds another sealing (Busy) simply succeeds. A fire that sealed nothing leaves no run-history row
/// (<see cref="IRecordsOnlyWork"/>).
/// </summary>
/// <remarks>One sealer at a time across the cluster: the chain has one head (the sealer's advisory lock says the same).</remarks>
[DisallowConcurrentExecution]
public sealed class LedgerSealingJob(IServiceProvider services) : IJob, IRecordsOnlyWork
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sealer = services.GetRequiredService<LedgerSealer>();
        var result = await sealer.SealPendingAsync(cancellationToken);
        context.Result = result.EntriesSealed;
    }
}
