using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataPort.Jobs;

/// <summary>
/// Rolls metered sandbox and API usage up into hourly buckets for statements, quotas and the usage API.
/// Trading implements it (<c>HourlyUsage</c>, table <c>trading.usage_hourly</c>) and the server's module
/// bridges register it; on a host without one the roll-up is not scheduled.
/// </summary>
public interface IUsageRollup
{
    /// <summary>The hours in [<paramref name="from"/>, <paramref name="to"/>) that are already rolled up.</summary>
    Task<IReadOnlySet<DateTimeOffset>> RolledUpHoursAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// Rolls up the closed hour starting at <paramref name="hourStart"/>; returns the usage events counted.
    /// Must be idempotent: the hour's buckets are replaced whole, so a rerun (or two nodes at once) leaves the same rows.
    /// </summary>
    Task<long> RollUpHourAsync(DateTimeOffset hourStart, CancellationToken cancellationToken);
}

/// <summary>
/// Rolls up every closed hour of the catch-up window that is not rolled up yet, oldest first: after an outage
/// of every node the missed hours are filled in, not only the last one. The window is bounded
/// (<c>Jobs:Schedule:UsageRollupCatchUpHours</c>, 48) because readers fall back to the events for any hour
/// without a roll-up, so older gaps cost speed, not correctness, and a first deploy must not replay history.
/// </summary>
[Queue(JobQueues.Housekeeping)]
public sealed class UsageRollupJob(IServiceProvider services, IOptions<JobsOptions> options, JobProgress progress, TimeProvider clock)
{
    /// <summary>How long after an hour closes before it is rolled up, so appends in flight at the turn of the hour commit first.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMinutes(2);

    /// <summary>Returns how many hours were rolled up.</summary>
    [DisplayName(JobNames.UsageRollup)]
    public async Task<int> RunAsync(PerformContext context, CancellationToken cancellationToken)
    {
        var rollup = services.GetRequiredService<IUsageRollup>();
        var due = await DueHoursAsync(rollup, clock.GetUtcNow(), options.Value.Schedule.UsageRollupCatchUpHours, cancellationToken);
        var report = progress.For(context);
        await report.ReportAsync(0, due.Count, cancellationToken);
        for (var i = 0; i < due.Count; i++)
        {
            await rollup.RollUpHourAsync(due[i], cancellationToken);
            await report.ReportAsync(i + 1, due.Count, cancellationToken);
        }
        return due.Count;
    }

    /// <summary>The closed, settled hours of the last <paramref name="catchUpHours"/> that have no roll-up yet, oldest first.</summary>
    public static async Task<IReadOnlyList<DateTimeOffset>> DueHoursAsync(
        IUsageRollup rollup, DateTimeOffset now, int catchUpHours, CancellationToken cancellationToken)
    {
        var settled = (now - SettleTime).ToUniversalTime();
        var end = new DateTimeOffset(settled.Year, settled.Month, settled.Day, settled.Hour, 0, 0, TimeSpan.Zero);
        var start = end.AddHours(-catchUpHours);
        var done = await rollup.RolledUpHoursAsync(start, end, cancellationToken);
        var due = new List<DateTimeOffset>();
        for (var hour = start; hour < end; hour = hour.AddHours(1))
        {
            if (!done.Contains(hour))
            {
                due.Add(hour);
            }
        }
        return due;
    }
}
