using Hangfire.Storage;

namespace DataPort.Jobs;

/// <summary>The ids and sizes of Hangfire's per-state lists, which the operators' list merges newest first.</summary>
internal sealed class RunLists(IMonitoringApi monitoring)
{
    private IReadOnlyList<string>? queues;

    private IReadOnlyList<string> Queues => queues ??= [.. monitoring.Queues().Select(q => q.Name)];

    /// <summary>The newest <paramref name="depth"/> ids in <paramref name="state"/> (for enqueued runs, per queue).</summary>
    public IEnumerable<string> Ids(JobRunState state, int depth) => state switch
    {
        JobRunState.Enqueued => Queues.SelectMany(q => monitoring.EnqueuedJobs(q, 0, depth).Select(j => j.Key)),
        JobRunState.Processing => monitoring.ProcessingJobs(0, depth).Select(j => j.Key),
        JobRunState.Scheduled => monitoring.ScheduledJobs(0, depth).Select(j => j.Key),
        JobRunState.Succeeded => monitoring.SucceededJobs(0, depth).Select(j => j.Key),
        JobRunState.Failed => monitoring.FailedJobs(0, depth).Select(j => j.Key),
        JobRunState.Deleted => monitoring.DeletedJobs(0, depth).Select(j => j.Key),
        _ => [],
    };

    public long Count(JobRunState state) => state switch
    {
        JobRunState.Enqueued => Queues.Sum(monitoring.EnqueuedCount),
        JobRunState.Processing => monitoring.ProcessingCount(),
        JobRunState.Scheduled => monitoring.ScheduledCount(),
        JobRunState.Succeeded => monitoring.SucceededListCount(),
        JobRunState.Failed => monitoring.FailedCount(),
        JobRunState.Deleted => monitoring.DeletedListCount(),
        _ => 0,
    };

    /// <summary>PostgreSQL storage numbers jobs from a sequence, so the number orders them by creation.</summary>
    public static long SortKey(string id) => long.TryParse(id, out var number) ? number : 0;
}
