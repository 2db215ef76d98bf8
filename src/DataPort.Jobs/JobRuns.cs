using Hangfire;
using Hangfire.States;
using Hangfire.Storage;

namespace DataPort.Jobs;

/// <summary>
/// What the API, the pages and the CLI call: a thin layer over Hangfire's client (enqueue, requeue, delete) and its
/// monitoring API (runs, their states and progress). Works on every node, whether or not it runs workers.
/// </summary>
public sealed class JobRuns(JobStorage storage, IBackgroundJobClient client)
{
    /// <summary>How deep the merged list of all states pages; past it, filter by state (or use the dashboard).</summary>
    public const int MaxListDepth = 10_000;

    /// <summary>
    /// How long a pipeline run waits, created but not enqueued, for its caller to record it on the upload. Normally the
    /// caller enqueues it at once; should the caller's process die in between, the run still starts when this runs out.
    /// </summary>
    private static readonly TimeSpan RecordingGrace = TimeSpan.FromSeconds(30);

    private static readonly string[] DeletableStates =
        [ScheduledState.StateName, EnqueuedState.StateName, FailedState.StateName, AwaitingState.StateName];

    public JobRun? Get(string id)
    {
        using var monitoring = new MonitoringScope(storage);
        using var connection = storage.GetConnection();
        return Read(id, monitoring, connection);
    }

    /// <summary>Runs newest first, all of them or those in one state.</summary>
    public JobRunPage List(JobRunState? state, int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)page * pageSize, MaxListDepth);
        using var monitoring = new MonitoringScope(storage);
        var lists = new RunLists(monitoring.Api);
        var depth = page * pageSize;
        var ids = (state is { } only ? lists.Ids(only, depth) : Enum.GetValues<JobRunState>().SelectMany(s => lists.Ids(s, depth)))
            .Distinct()
            .OrderByDescending(RunLists.SortKey)
            .Skip((page - 1) * pageSize)
            .Take(pageSize);
        using var connection = storage.GetConnection();
        var runs = ids.Select(id => Read(id, monitoring, connection)).OfType<JobRun>().ToList();
        var total = state is { } counted ? lists.Count(counted) : Enum.GetValues<JobRunState>().Sum(lists.Count);
        return new JobRunPage(runs, page, pageSize, total);
    }

    /// <summary>
    /// Starts a pipeline run for an upload. The run is created held back, <paramref name="recordRun"/> records its id on
    /// the upload (so the upload always names the run that drafts it, and a worker never starts a run the upload does
    /// not name yet), and only then is it enqueued. If recording fails, the run is deleted and the failure rethrown.
    /// </summary>
    public async Task<string> EnqueuePipelineRunAsync(string datasetId, string uploadId, Func<string, Task> recordRun)
    {
        var id = client.Create<PipelineRunJob>(job => job.RunAsync(datasetId, uploadId, null!, CancellationToken.None),
            new ScheduledState(RecordingGrace));
        try
        {
            await recordRun(id);
        }
        catch
        {
            client.Delete(id, ScheduledState.StateName);
            throw;
        }
        client.ChangeState(id, new EnqueuedState(JobQueues.Pipeline), ScheduledState.StateName);
        return id;
    }

    /// <summary>
    /// Starts a full verification of the ledger, unless one is already waiting or running: that one's id is returned,
    /// so asking twice never queues two passes over the whole ledger.
    /// </summary>
    public string EnqueueLedgerVerification()
    {
        using (var monitoring = new MonitoringScope(storage))
        {
            var waiting = monitoring.Api.ProcessingJobs(0, 200).Select(j => (j.Key, j.Value.Job))
                .Concat(monitoring.Api.EnqueuedJobs(JobQueues.Housekeeping, 0, 200).Select(j => (j.Key, j.Value.Job)))
                .FirstOrDefault(j => j.Job?.Type == typeof(LedgerVerificationJob));
            if (waiting.Key is { } existing)
            {
                return existing;
            }
        }
        return client.Enqueue<LedgerVerificationJob>(job => job.RunAsync(CancellationToken.None));
    }

    /// <summary>Enqueues a failed run again, keeping its id and history (Hangfire's "Requeue").</summary>
    public RunChange Retry(string id) => Change(id, [FailedState.StateName], state => client.Requeue(id, state));

    /// <summary>Enqueues a failed or deleted run again, if it is still in the state <paramref name="run"/> was read in.</summary>
    public bool Requeue(JobRun run) =>
        run.State is JobRunState.Failed or JobRunState.Deleted && client.Requeue(run.Id, run.State.ToHangfire());

    /// <summary>Deletes a run that is not running or finished: waiting, scheduled for a retry, or failed.</summary>
    public RunChange Delete(string id) => Change(id, DeletableStates, state => client.Delete(id, state));

    private RunChange Change(string id, string[] allowed, Func<string, bool> change)
    {
        using var connection = storage.GetConnection();
        var state = connection.GetJobData(id)?.State;
        if (state is null)
        {
            return RunChange.NotFound;
        }
        // The change names the state it expects, so a run that moved on meanwhile is refused rather than changed.
        return allowed.Contains(state, StringComparer.OrdinalIgnoreCase) && change(state) ? RunChange.Done : RunChange.WrongState;
    }

    /// <summary>
    /// The job's row is read before its history: Hangfire writes a state and its history entry in one transaction, so
    /// a history read afterwards always holds that state (read the other way round, a run just picked up could show as
    /// processing with no node).
    /// </summary>
    private static JobRun? Read(string id, MonitoringScope monitoring, IStorageConnection connection)
    {
        var state = connection.GetJobData(id)?.State;
        return RunReader.Read(id, monitoring.Api.JobDetails(id), state);
    }

    /// <summary>Hangfire's monitoring API holds a connection; this returns it.</summary>
    private sealed class MonitoringScope(JobStorage storage) : IDisposable
    {
        public IMonitoringApi Api { get; } = storage.GetMonitoringApi();

        public void Dispose() => (Api as IDisposable)?.Dispose();
    }
}

/// <summary>How a retry or delete request went.</summary>
public enum RunChange
{
    Done,
    NotFound,
    /// <summary>The run is not in a state that allows the change (retry: failed only; delete: not running or finished).</summary>
    WrongState,
}
