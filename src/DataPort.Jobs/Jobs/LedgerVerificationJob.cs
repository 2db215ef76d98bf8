using DataPort.EventStore.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Verifies the whole ledger against the events (every entry hash, every checkpoint's signature and root) and records
/// the result, which the ledger status shows. Nightly, and on demand (<c>POST /api/ledger/verifications</c>). A
/// tampered ledger is a finding, not a failure: the run succeeds and its result says where the ledger breaks.
/// </summary>
[DisallowConcurrentExecution]
public sealed class LedgerVerificationJob(IServiceProvider services) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var result = await services.GetRequiredService<LedgerVerifications>().RunAsync(cancellationToken);
        context.Result = result.EntriesVerified;
    }
}
