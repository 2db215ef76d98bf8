using System.ComponentModel;
using DataPort.EventStore.Ledger;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Jobs;

/// <summary>
/// Verifies the whole ledger against the events (every entry hash, every checkpoint's signature and root) and records
/// the result, which the ledger status shows. Nightly, and on demand (<c>POST /api/ledger/verifications</c>). A
/// tampered ledger is a finding, not a failure: the run succeeds and its result says where the ledger breaks.
/// </summary>
[Queue(JobQueues.Housekeeping)]
public sealed class LedgerVerificationJob(IServiceProvider services)
{
    /// <summary>Returns the entries verified (Hangfire keeps it as the run's result).</summary>
    [DisplayName(JobNames.LedgerVerification)]
    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<LedgerVerifications>().RunAsync(cancellationToken);
        return result.EntriesVerified;
    }
}
