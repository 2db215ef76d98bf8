using Quartz;

namespace DataPort.Jobs;

/// <summary>What a job calls to say how far it has got; shown in the run history (e.g. rows done of total).</summary>
public interface IJobProgress
{
    ValueTask ReportAsync(long done, long total, CancellationToken cancellationToken = default) =>
        ReportAsync(done, total, stage: null, items: null, cancellationToken);

    /// <summary>
    /// Progress with the run's current stage (e.g. classify, mask) and the records handled so far (e.g. rows read),
    /// for runs whose done-of-total counts something else, such as bytes.
    /// </summary>
    ValueTask ReportAsync(long done, long total, string? stage, long? items, CancellationToken cancellationToken = default);
}

/// <summary>Hands a running job the <see cref="IJobProgress"/> of its run.</summary>
public sealed class JobProgress(JobRunStore store, TimeProvider clock)
{
    // Progress is advisory: one write per half second keeps a tight loop from hammering the database.
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(500);

    public IJobProgress For(IJobExecutionContext context)
    {
        var runId = RunData.RunId(context.MergedJobDataMap)
            ?? throw new InvalidOperationException("The run history listener did not record a run for this firing.");
        return new RunProgress(runId, context, store, clock);
    }

    private sealed class RunProgress(Guid runId, IJobExecutionContext context, JobRunStore store, TimeProvider clock) : IJobProgress
    {
        private DateTimeOffset lastWrite = DateTimeOffset.MinValue;

        public async ValueTask ReportAsync(long done, long total, string? stage, long? items, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(done);
            ArgumentOutOfRangeException.ThrowIfNegative(total);
            // Quartz shows a percentage on every node's view of the cluster; the run history keeps the counts.
            context.ReportProgress(total == 0 ? 0 : (int)Math.Clamp(done * 100 / total, 0, 100), $"{done} of {total}");
            var now = clock.GetUtcNow();
            if (done < total && now - lastWrite < MinimumInterval)
            {
                return;
            }
            lastWrite = now;
            await store.ProgressAsync(runId, done, total, stage, items, cancellationToken);
        }
    }
}
