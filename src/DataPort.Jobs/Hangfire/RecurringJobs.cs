using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.Jobs;

/// <summary>
/// Registers the recurring jobs with Hangfire when a node starts: every node does, the last writer wins, and Hangfire
/// enqueues each occurrence once however many nodes run. A job whose port is not registered in this host (the module
/// that does the work is not wired in) is removed rather than left to fail. A malformed cron stops the start, naming
/// its setting; a database that does not answer yet is tried again in the background.
/// </summary>
internal sealed partial class RecurringJobs(
    IRecurringJobManager manager, IServiceProvider services, IOptions<JobsOptions> options, ILogger<RecurringJobs> logger) : BackgroundService
{
    private bool registered;

    /// <summary>Registers before the host has started, so a bad cron fails the start.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registered = TryRegister();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!registered && !stoppingToken.IsCancellationRequested)
        {
            LogDatabaseUnavailable(options.Value.SchedulePollingInterval);
            await Task.Delay(options.Value.SchedulePollingInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            registered = !stoppingToken.IsCancellationRequested && TryRegister();
        }
    }

    private bool TryRegister()
    {
        try
        {
            Register();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    private void Register()
    {
        var schedule = options.Value.Schedule;
        Apply<GrantExpirySweepJob>(JobNames.GrantExpirySweep, typeof(IGrantExpirySweeper), nameof(schedule.GrantExpirySweep),
            schedule.GrantExpirySweep, job => job.RunAsync(null!, CancellationToken.None));
        Apply<UsageRollupJob>(JobNames.UsageRollup, typeof(IUsageRollup), nameof(schedule.UsageRollup),
            schedule.UsageRollup, job => job.RunAsync(null!, CancellationToken.None));
        Apply<LedgerVerificationJob>(JobNames.LedgerVerification, typeof(DataPort.EventStore.Ledger.LedgerVerifications), nameof(schedule.LedgerVerification),
            schedule.LedgerVerification, job => job.RunAsync(CancellationToken.None));
    }

    private void Apply<T>(string name, Type port, string setting, string cron, Expression<Func<T, Task>> call)
    {
        if (services.GetService(port) is null)
        {
            manager.RemoveIfExists(name);
            LogNotScheduled(name, port.Name);
            return;
        }
        try
        {
            // Relaxed: after an outage of every node, one occurrence runs, not one per missed minute.
            manager.AddOrUpdate(name, JobQueues.Housekeeping, call, cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(JobsOptions.SectionName, typeof(JobsOptions),
                [$"Jobs:Schedule:{setting} is not a valid cron expression: '{cron}' (five fields, or six with seconds first). {e.Message}"]);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring job {Job} is not scheduled: no {Port} is registered in this host")]
    private partial void LogNotScheduled(string job, string port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not reachable; the recurring jobs are registered when it is (next try in {Retry})")]
    private partial void LogDatabaseUnavailable(TimeSpan retry);
}
