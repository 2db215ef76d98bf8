using Microsoft.Extensions.Options;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Applies <c>Jobs:Retention</c> to <c>jobs.runs</c>. Idempotent by nature: a second run finds less to delete.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RunRetentionJob(JobRunStore store, IOptions<JobsOptions> options, TimeProvider clock) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = await store.PurgeAsync(options.Value.Retention, clock.GetUtcNow(), cancellationToken);
}
