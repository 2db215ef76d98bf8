using Microsoft.Extensions.Logging;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Every job DataPort runs, its retry policy, and when the recurring ones fire: the one place to read.
/// Jobs are stored durably and request recovery, so a firing lost with its node is run again elsewhere.
/// </summary>
public sealed partial class JobSchedule(JobsOptions options, IServiceProvider services, ILogger<JobSchedule> logger)
{
    public const string JobGroup = "dataport";
    /// <summary>One-off triggers, one per enqueued run (and per operator retry).</summary>
    public const string RunTriggerGroup = "runs";
    public const string RecurringTriggerGroup = "recurring";

    public static readonly JobKey PipelineRun = new("pipeline-run", JobGroup);
    public static readonly JobKey GrantExpirySweep = new("grant-expiry-sweep", JobGroup);
    public static readonly JobKey LedgerSealing = new("ledger-sealing", JobGroup);
    public static readonly JobKey UsageRollup = new("usage-rollup", JobGroup);
    public static readonly JobKey RunRetention = new("run-retention", JobGroup);
    public static readonly JobKey LedgerVerification = new("ledger-verification", JobGroup);

    private IEnumerable<JobDefinition> Definitions()
    {
        var schedule = options.Schedule;
        yield return new(PipelineRun, typeof(PipelineRunJob), Port: null, Recurring: null, DefaultRetry);
        yield return new(GrantExpirySweep, typeof(GrantExpirySweepJob), typeof(IGrantExpirySweeper),
            t => t.WithCronSchedule(schedule.GrantExpirySweep, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)),
            DefaultRetry);
        // The next fire, seconds away, is the retry; a backlog of missed fires is one fire.
        yield return new(LedgerSealing, typeof(LedgerSealingJob), typeof(DataPort.EventStore.Ledger.LedgerSealer),
            t => t.WithSimpleSchedule(s => s.WithInterval(schedule.LedgerSealing).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            () => RetryPolicy.None);
        // Each fire rolls up every missed hour of the catch-up window, so one fire after an outage is enough.
        yield return new(UsageRollup, typeof(UsageRollupJob), typeof(IUsageRollup),
            t => t.WithCronSchedule(schedule.UsageRollup, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
            DefaultRetry);
        // A full pass over the ledger; one a night is plenty, and a regulator can ask for one at any time.
        yield return new(LedgerVerification, typeof(LedgerVerificationJob), typeof(DataPort.EventStore.Ledger.LedgerVerifications),
            t => t.WithCronSchedule(schedule.LedgerVerification, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
            () => RetryPolicy.None);
        // Retention of the run history itself (Jobs:Retention); the next hourly fire is its retry.
        yield return new(RunRetention, typeof(RunRetentionJob), Port: null,
            t => t.WithCronSchedule(schedule.RunRetention, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
            () => RetryPolicy.None);
    }

    /// <summary>The retry policy a job's triggers carry (Quartz re-fires the trigger after each wait).</summary>
    public RetryPolicy RetryPolicyFor(JobKey job) =>
        Definitions().FirstOrDefault(d => d.Key.Equals(job))?.Retry() ?? DefaultRetry();

    private RetryPolicy DefaultRetry() => RetryDelays.Policy(options.Retry.MaxRetries, options.Retry.DelayUnit);

    /// <summary>
    /// Stores the jobs and (re)schedules the recurring triggers. Runs on every node at start; the cluster
    /// lock makes it safe, and a recurring trigger that already exists keeps its next fire time.
    /// A recurring job whose module is not in this host is unscheduled rather than left to fail.
    /// </summary>
    internal async Task ApplyAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        foreach (var definition in Definitions())
        {
            var job = JobBuilder.Create()
                .OfType(definition.JobType)
                .WithIdentity(definition.Key)
                .StoreDurably()
                .RequestRecovery()
                .Build();
            await scheduler.AddJob(job, new AddJobOptions { Replace = true }, cancellationToken);
            if (definition.Recurring is null)
            {
                continue;
            }

            var triggerKey = new TriggerKey(definition.Key.Name, RecurringTriggerGroup);
            if (definition.Port is { } port && services.GetService(port) is null)
            {
                await scheduler.UnscheduleJob(triggerKey, cancellationToken);
                LogNotScheduled(definition.Key.Name, port.Name);
                continue;
            }
            var trigger = definition.Recurring(TriggerBuilder.Create()
                    .WithIdentity(triggerKey)
                    .ForJob(definition.Key)
                    .WithRetryPolicy(definition.Retry()))
                .Build();
            await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
        }
    }

    /// <summary>A one-off trigger that fires run <paramref name="runId"/> of <paramref name="job"/> at <paramref name="startAt"/>.</summary>
    internal ITrigger RunTrigger(JobKey job, Guid runId, IReadOnlyDictionary<string, string> arguments, DateTimeOffset? startAt, string suffix = "")
    {
        var builder = TriggerBuilder.Create()
            .WithIdentity($"run-{runId:N}{suffix}", RunTriggerGroup)
            .ForJob(job)
            .UsingJobData(RunData.ToMap(runId, arguments))
            .WithRetryPolicy(RetryPolicyFor(job))
            // A run that missed its moment (every node was down) still runs as soon as one is back.
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow));
        return (startAt is { } at ? builder.StartAt(at) : builder.StartNow()).Build();
    }

    private sealed record JobDefinition(
        JobKey Key,
        Type JobType,
        Type? Port,
        Func<TriggerBuilder<IJob>, TriggerBuilder<IJob>>? Recurring,
        Func<RetryPolicy> Retry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring job {Job} is not scheduled: no {Port} is registered in this host")]
    private partial void LogNotScheduled(string job, string port);
}
