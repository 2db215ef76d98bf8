namespace DataPort.Jobs;

/// <summary>
/// Hangfire queues. Each has its own workers on every node (<see cref="JobsOptions.PipelineWorkers"/>,
/// <see cref="JobsOptions.HousekeepingWorkers"/>), so a long masking run never holds up a grant-expiry sweep.
/// </summary>
public static class JobQueues
{
    /// <summary>Privacy-pipeline runs: long, CPU-bound, one per upload or change of column choices.</summary>
    public const string Pipeline = "pipeline";

    /// <summary>Short periodic work: grant expiry, usage roll-up, ledger verification.</summary>
    public const string Housekeeping = "housekeeping";

    /// <summary>Hangfire's own default queue, served by the housekeeping workers so no job is ever stranded.</summary>
    public const string Default = "default";
}
