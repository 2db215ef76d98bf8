using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Rolls metered API and sandbox usage up into hourly buckets for billing and quotas. Trading is not built
/// yet, so nothing implements this and the roll-up is not scheduled; the trading module registers one.
/// Must be idempotent: it upserts the hour's bucket, so a rerun overwrites it.
/// </summary>
public interface IUsageRollup
{
    Task RollUpHourAsync(DateTimeOffset hourStart, IJobProgress progress, CancellationToken cancellationToken);
}

[DisallowConcurrentExecution]
public sealed class UsageRollupJob(IServiceProvider services, JobProgress progress, TimeProvider clock) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var rollup = services.GetRequiredService<IUsageRollup>();
        // The hour that has just closed: the trigger fires a few minutes past each hour.
        var now = (context.ScheduledFireTimeUtc ?? clock.GetUtcNow()).ToUniversalTime();
        var hourStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        await rollup.RollUpHourAsync(hourStart, progress.For(context), cancellationToken);
    }
}
