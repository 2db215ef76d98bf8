using Hangfire.Server;

namespace DataPort.Jobs;

/// <summary>What a job calls to say how far it has got; shown by the API, the web pages and the dashboard.</summary>
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

/// <summary>
/// Hands a running job the <see cref="IJobProgress"/> of its run. Progress is a Hangfire job parameter
/// (<see cref="ParameterName"/>), so it lives with the job in Hangfire's storage and any node reads it.
/// </summary>
public sealed class JobProgress(TimeProvider clock)
{
    public const string ParameterName = "progress";

    // Progress is advisory: one write per half second keeps a tight loop from hammering the database.
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(500);

    public IJobProgress For(PerformContext context) => new RunProgress(context, clock);

    private sealed class RunProgress(PerformContext context, TimeProvider clock) : IJobProgress
    {
        private DateTimeOffset lastWrite = DateTimeOffset.MinValue;

        public ValueTask ReportAsync(long done, long total, string? stage, long? items, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(done);
            ArgumentOutOfRangeException.ThrowIfNegative(total);
            var now = clock.GetUtcNow();
            if (done < total && now - lastWrite < MinimumInterval)
            {
                return ValueTask.CompletedTask;
            }
            lastWrite = now;
            // Hangfire's storage calls are synchronous; the write is one small UPDATE.
            context.SetJobParameter(ParameterName, new JobRunProgress(done, total) { Stage = stage, Items = items });
            return ValueTask.CompletedTask;
        }
    }
}
