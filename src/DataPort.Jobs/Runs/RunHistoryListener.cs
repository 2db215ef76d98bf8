using Microsoft.Extensions.Logging;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// Keeps <c>jobs.runs</c> in step with what Quartz does: a firing starts a run (or the next attempt of one),
/// and its end records success, a scheduled retry, the final failure, or a hand-back at shutdown.
/// Quartz itself only knows triggers, so this is where Hangfire's job states come from.
/// </summary>
internal sealed partial class RunHistoryListener(JobRunStore store, JobsLifecycle lifecycle, ILogger<RunHistoryListener> logger) : IJobListener
{
    public string Name => "dataport-run-history";

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        lifecycle.Started();
        try
        {
            var runId = await ResolveRunAsync(context, cancellationToken);
            context.MergedJobDataMap[RunData.RunIdKey] = runId.ToString();
            await store.StartAsync(runId, context.JobDetail.Key.Name, TriggerRef.From(context.Trigger.Key),
                RunData.Arguments(context.MergedJobDataMap), lifecycle.InstanceId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The history is for people; a database blip while writing it must not stop the job itself.
            LogHistoryWriteFailed(e, context.JobDetail.Key.Name);
        }
    }

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        lifecycle.Finished();
        if (RunData.RunId(context.MergedJobDataMap) is not { } runId)
        {
            return;
        }
        try
        {
            var duration = context.JobRunTime;
            switch (context.Outcome)
            {
                case ExecutionOutcome.Succeeded:
                    var idle = context.JobInstance is IRecordsOnlyWork && context.Result is 0 or 0L;
                    if (!idle || !await store.ForgetAsync(runId, cancellationToken))
                    {
                        await store.SucceededAsync(runId, duration, cancellationToken);
                    }
                    break;
                case ExecutionOutcome.Cancelled when lifecycle.ShuttingDown && context.JobDetail.RequestsRecovery:
                    await store.HandedBackAsync(runId, duration,
                        $"Interrupted by the shutdown of node {lifecycle.InstanceId}; handed back to the cluster.", cancellationToken);
                    break;
                case ExecutionOutcome.Failed when context.RetryScheduled:
                    await store.RetryScheduledAsync(runId, duration, Describe(jobException), context.Trigger.NextFireTimeUtc, cancellationToken);
                    break;
                default:
                    await store.FailedAsync(runId, duration, Describe(jobException), cancellationToken);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHistoryWriteFailed(e, context.JobDetail.Key.Name);
        }
    }

    /// <summary>
    /// A firing carries its run id when it was enqueued as a run (and a recovery trigger copies the data of
    /// the firing it recovers). A recurring trigger does not: its retries and recoveries continue the run it
    /// left open, and any other fire is a new occurrence, so a new run.
    /// </summary>
    private async Task<Guid> ResolveRunAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (RunData.RunId(context.MergedJobDataMap) is { } enqueued)
        {
            return enqueued;
        }
        if (context.RetryAttempt > 0 || context.Recovering)
        {
            var trigger = context.Recovering ? context.RecoveringTriggerKey ?? context.Trigger.Key : context.Trigger.Key;
            if (await store.FindOpenRunAsync(TriggerRef.From(trigger), cancellationToken) is { } open)
            {
                return open;
            }
        }
        return Guid.CreateVersion7();
    }

    private static string Describe(JobExecutionException? exception)
    {
        // Quartz wraps whatever the job threw (sometimes twice); the operator wants the job's own error.
        Exception? error = exception;
        while (error is SchedulerException { InnerException: { } inner })
        {
            error = inner;
        }
        return error is null ? "The job did not complete." : $"{error.GetType().Name}: {error.Message}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the run history of job {Job}")]
    private partial void LogHistoryWriteFailed(Exception exception, string job);
}
