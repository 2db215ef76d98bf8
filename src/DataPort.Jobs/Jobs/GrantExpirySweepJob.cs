using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Jobs;

/// <summary>
/// Expires access grants whose term has ended. Implemented by the grains module; the sweep is scheduled
/// only on hosts that register one. Idempotent: expiring an already expired grant changes nothing.
/// </summary>
public interface IGrantExpirySweeper
{
    /// <summary>Expires every grant due by <paramref name="now"/>; returns how many were expired.</summary>
    Task<int> ExpireDueGrantsAsync(DateTimeOffset now, IJobProgress progress, CancellationToken cancellationToken);
}

[Queue(JobQueues.Housekeeping)]
public sealed class GrantExpirySweepJob(IServiceProvider services, JobProgress progress, TimeProvider clock)
{
    /// <summary>Returns how many grants were expired.</summary>
    [DisplayName(JobNames.GrantExpirySweep)]
    public Task<int> RunAsync(PerformContext context, CancellationToken cancellationToken) =>
        services.GetRequiredService<IGrantExpirySweeper>().ExpireDueGrantsAsync(clock.GetUtcNow(), progress.For(context), cancellationToken);
}
