using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataPort.Jobs;

/// <summary>
/// What the API and the CLI call (Hangfire's BackgroundJobClient): enqueue a run, retry a failed one,
/// delete a scheduled one, read the history.
/// </summary>
public sealed class JobRuns(JobRunStore store, IServiceProvider services, TimeProvider clock)
{
    public Task<JobRun?> GetAsync(Guid id, CancellationToken cancellationToken = default) => store.GetAsync(id, cancellationToken);

    public Task<JobRunPage> ListAsync(JobRunQuery query, CancellationToken cancellationToken = default) => store.ListAsync(query, cancellationToken);

    /// <summary>
    /// Enqueues the draft of an upload as run <paramref name="runId"/>, which the caller recorded with the upload first
    /// (so the upload always names the run that drafts it).
    /// </summary>
    public Task<Guid> EnqueuePipelineRunAsync(PipelineRunRequest request, Guid runId, CancellationToken cancellationToken = default) =>
        EnqueueAsync(JobSchedule.PipelineRun, request.ToArguments(), startAt: null, runId, cancellationToken);

    /// <summary>
    /// Starts a full verification of the ledger, unless one is already waiting or running: that one's id is returned,
    /// so asking twice never queues two passes over the whole ledger.
    /// </summary>
    public async Task<Guid> EnqueueLedgerVerificationAsync(CancellationToken cancellationToken = default)
    {
        foreach (var state in new[] { JobRunState.Processing, JobRunState.Enqueued })
        {
            var pending = await store.ListAsync(new JobRunQuery(state, JobSchedule.LedgerVerification.Name, PageSize: 1), cancellationToken);
            if (pending.Items.Count > 0)
            {
                return pending.Items[0].Id;
            }
        }
        return await EnqueueAsync(JobSchedule.LedgerVerification, new Dictionary<string, string>(), cancellationToken: cancellationToken);
    }

    /// <summary>Enqueues one run of a stored job with string arguments, now or at <paramref name="startAt"/>.</summary>
    public async Task<Guid> EnqueueAsync(
        JobKey job, IReadOnlyDictionary<string, string> arguments, DateTimeOffset? startAt = null, Guid? runId = null,
        CancellationToken cancellationToken = default)
    {
        var (scheduler, schedule) = await SchedulerAsync(cancellationToken);
        var id = runId ?? Guid.CreateVersion7();
        var trigger = schedule.RunTrigger(job, id, arguments, startAt);
        var delayed = startAt is { } at && at > clock.GetUtcNow();
        // The row first, so the listener always finds it; if storing the trigger fails the row goes again.
        await store.CreateAsync(id, job.Name, delayed ? JobRunState.Scheduled : JobRunState.Enqueued,
            TriggerRef.From(trigger.Key), arguments, delayed ? startAt : null, cancellationToken);
        try
        {
            await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
        }
        catch
        {
            await store.DeleteUnscheduledAsync(id, CancellationToken.None);
            throw;
        }
        return id;
    }

    /// <summary>Enqueues a failed run again, keeping its id and attempt count (Hangfire's "Requeue").</summary>
    public async Task<RunChange> RetryAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var run = await store.GetAsync(id, cancellationToken);
        if (run is null)
        {
            return RunChange.NotFound;
        }
        if (run.State != JobRunState.Failed)
        {
            return RunChange.WrongState;
        }
        var (scheduler, schedule) = await SchedulerAsync(cancellationToken);
        var trigger = schedule.RunTrigger(new JobKey(run.Job, JobSchedule.JobGroup), id, run.Arguments, startAt: null,
            suffix: $"-retry-{clock.GetUtcNow().ToUnixTimeMilliseconds()}");
        if (!await store.RequeueFailedAsync(id, TriggerRef.From(trigger.Key), cancellationToken))
        {
            return RunChange.WrongState;
        }
        try
        {
            await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
        }
        catch
        {
            await store.RevertToFailedAsync(id, CancellationToken.None);
            throw;
        }
        return RunChange.Done;
    }

    /// <summary>
    /// Deletes a scheduled one-off run (a delayed start or a pending retry) before it fires. A pending retry
    /// of a recurring job cannot be deleted alone: its trigger is the recurring schedule itself.
    /// </summary>
    public async Task<RunChange> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var run = await store.GetAsync(id, cancellationToken);
        if (run is null)
        {
            return RunChange.NotFound;
        }
        var trigger = await store.FindTriggerAsync(id, cancellationToken);
        if (run.State != JobRunState.Scheduled || trigger is null || trigger.Group != JobSchedule.RunTriggerGroup)
        {
            return RunChange.WrongState;
        }
        var (scheduler, _) = await SchedulerAsync(cancellationToken);
        // Unscheduling first: if the trigger already fired, the run is no longer deletable.
        if (!await scheduler.UnscheduleJob(trigger.ToKey(), cancellationToken))
        {
            return RunChange.WrongState;
        }
        return await store.MarkDeletedAsync(id, cancellationToken) ? RunChange.Done : RunChange.WrongState;
    }

    /// <summary>
    /// Throws <see cref="JobsDisabledException"/> on a node without a scheduler, for callers that must not record work
    /// (an upload, a change of decisions) whose job could not then be started.
    /// </summary>
    public void EnsureEnabled()
    {
        if (services.GetService<ISchedulerFactory>() is null)
        {
            throw new JobsDisabledException();
        }
    }

    private async Task<(IScheduler, JobSchedule)> SchedulerAsync(CancellationToken cancellationToken)
    {
        var factory = services.GetService<ISchedulerFactory>() ?? throw new JobsDisabledException();
        return (await factory.GetScheduler(cancellationToken), services.GetRequiredService<JobSchedule>());
    }
}

/// <summary>How a retry or delete request went.</summary>
public enum RunChange
{
    Done,
    NotFound,
    /// <summary>The run is not in a state that allows the change (retry: failed only; delete: scheduled only).</summary>
    WrongState,
}

/// <summary>Thrown when a run is to be changed on a host whose scheduler is turned off (<c>Jobs:Enabled=false</c>).</summary>
public sealed class JobsDisabledException() : InvalidOperationException("Background jobs are disabled on this node (Jobs:Enabled=false).");
