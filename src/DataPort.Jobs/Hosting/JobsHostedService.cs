using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Starts this node's scheduler once PostgreSQL answers (so a node booted during a database outage still
/// serves its health endpoints and joins the cluster later), and stops it in stages: no new work, a grace
/// period for running jobs to finish, then cancellation, which hands each interrupted run back to the
/// cluster (Quartz stores a recovery trigger in the same transaction).
/// </summary>
internal sealed partial class JobsHostedService(
    ISchedulerFactory schedulerFactory,
    JobSchedule schedule,
    JobsLifecycle lifecycle,
    NpgsqlDataSource dataSource,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<JobsHostedService> logger) : BackgroundService
{
    private IScheduler? scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForDatabaseAsync(stoppingToken);
        var started = await schedulerFactory.GetScheduler(stoppingToken);
        await schedule.ApplyAsync(started, stoppingToken);
        await started.Start(stoppingToken);
        scheduler = started;
        LogStarted(lifecycle.InstanceId);
    }

    private async Task WaitForDatabaseAsync(CancellationToken stoppingToken)
    {
        var retry = options.Value.PollInterval;
        while (true)
        {
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogDatabaseUnavailable(e, retry);
                await Task.Delay(retry, clock, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (scheduler is not { } running || running.Status is SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown)
        {
            return;
        }
        var settings = options.Value;
        await running.Standby(cancellationToken);

        var graceEnds = clock.GetUtcNow() + settings.ShutdownGracePeriod;
        while (lifecycle.Running > 0 && clock.GetUtcNow() < graceEnds && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, CancellationToken.None);
        }

        lifecycle.ShuttingDown = true;
        if (lifecycle.Running > 0)
        {
            LogHandingBack(lifecycle.Running);
        }
        // Waiting for jobs with ShutdownJobInterruption.WhenWaitingForJobs: they are cancelled, and given
        // ShutdownTimeout to unwind. One that ignores its token is abandoned to cluster recovery.
        var shutdown = running.Shutdown(waitForJobsToComplete: true, CancellationToken.None).AsTask();
        if (await Task.WhenAny(shutdown, Task.Delay(settings.ShutdownTimeout, clock, CancellationToken.None)) != shutdown)
        {
            LogAbandoned(lifecycle.Running, settings.CheckinInterval + settings.CheckinMisfireThreshold);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job scheduler started as cluster node {InstanceId}")]
    private partial void LogStarted(string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not reachable; the job scheduler starts when it is (next try in {Retry})")]
    private partial void LogDatabaseUnavailable(Exception exception, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: cancelling {Count} running job(s); their runs are handed back to the cluster")]
    private partial void LogHandingBack(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} job(s) did not stop in time; another node recovers them within about {RecoveryDelay}")]
    private partial void LogAbandoned(int count, TimeSpan recoveryDelay);
}
