namespace DataPort.Jobs;

/// <summary>One run (a Hangfire job) as the operators' API shows it.</summary>
public sealed record JobRun(
    string Id,
    string Job,
    JobRunState State,
    int Attempts,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    JobRunProgress? Progress,
    string? Error,
    string? Node,
    IReadOnlyDictionary<string, string> Arguments);

/// <summary>How far a run has got, e.g. bytes done of total; a pipeline also names its stage and the rows read so far.</summary>
public sealed record JobRunProgress(long Done, long Total)
{
    public string? Stage { get; init; }

    public long? Items { get; init; }
}

/// <summary>A page of runs, newest first.</summary>
public sealed record JobRunPage(IReadOnlyList<JobRun> Items, int Page, int PageSize, long Total);
