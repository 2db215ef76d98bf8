using Microsoft.Extensions.DependencyInjection;
using Quartz;

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

[DisallowConcurrentExecution]
public sealed class GrantExpirySweepJob(IServiceProvider services, JobProgress progress, TimeProvider clock) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sweeper = services.GetRequiredService<IGrantExpirySweeper>();
        context.Result = await sweeper.ExpireDueGrantsAsync(clock.GetUtcNow(), progress.For(context), cancellationToken);
    }
}
