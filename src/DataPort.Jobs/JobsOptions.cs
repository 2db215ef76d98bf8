using System.ComponentModel.DataAnnotations;

namespace DataPort.Jobs;

/// <summary>Settings of the <c>Jobs</c> section, validated at start-up. Defaults suit production; tests shorten the intervals.</summary>
public sealed class JobsOptions : IValidatableObject
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// Whether this process runs Hangfire servers (workers). Off, it still enqueues, retries and reads runs:
    /// the nodes that are on do the work (functional tests of other modules and <c>sdk/generate.sh</c> turn it off).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// This node's name in Hangfire's server list and in each run's <c>node</c>, followed by the queue group. Default:
    /// machine name and process id.
    /// </summary>
    public string? NodeName { get; set; }

    /// <summary>Workers for the pipeline queue on this node: masking runs at once. 0: this node drafts nothing (API-only nodes).</summary>
    [Range(0, 64, ErrorMessage = "Jobs:PipelineWorkers must be between 0 and 64.")]
    public int PipelineWorkers { get; set; } = 2;

    /// <summary>Workers for the housekeeping (and default) queue on this node.</summary>
    [Range(1, 64, ErrorMessage = "Jobs:HousekeepingWorkers must be between 1 and 64.")]
    public int HousekeepingWorkers { get; set; } = 2;

    /// <summary>How often an idle worker looks for enqueued work (Hangfire's default is 15 s, too slow for a waiting merchant).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often due scheduled jobs (delayed starts, retries) and recurring jobs are enqueued.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a job fetched by a node that stopped heart-beating stays invisible before another node runs it. A live
    /// node keeps extending it (sliding), so a long pipeline run is never taken over while its node is alive.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>On shutdown: how long running jobs get to finish before they are cancelled and handed back to the queue.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries per job name (<see cref="JobNames"/>); a job not named here uses <see cref="RetryOptions.Default"/>.</summary>
    public Dictionary<string, RetryOptions> Retry { get; set; } = new(StringComparer.Ordinal)
    {
        // A transient failure of a merchant's draft (the database, the disk) is worth a few quick tries, not ten over hours.
        [JobNames.PipelineRun] = new() { Attempts = 3, DelaysInSeconds = [10, 60, 300] },
        // The next occurrence, a minute later, is the retry.
        [JobNames.GrantExpirySweep] = new() { Attempts = 0 },
        [JobNames.UsageRollup] = new() { Attempts = 3, DelaysInSeconds = [30, 120, 600] },
        // A full pass over the ledger; the nightly one or a regulator's request is the retry.
        [JobNames.LedgerVerification] = new() { Attempts = 0 },
    };

    /// <summary>Where pipeline runs write, and their pseudonym key.</summary>
    public PipelineOptions Pipeline { get; set; } = new();

    /// <summary>When the recurring jobs fire.</summary>
    public ScheduleOptions Schedule { get; set; } = new();

    /// <summary>How long finished runs stay visible.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>The retries of job <paramref name="name"/>.</summary>
    public RetryOptions RetryFor(string name) => Retry.GetValueOrDefault(name) ?? RetryOptions.Default;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (QueuePollInterval < TimeSpan.FromMilliseconds(50) || SchedulePollingInterval < TimeSpan.FromSeconds(1))
        {
            yield return new("Jobs:QueuePollInterval must be at least 50 ms and Jobs:SchedulePollingInterval at least 1 s.");
        }
        if (InvisibilityTimeout < TimeSpan.FromSeconds(5) || ShutdownTimeout < TimeSpan.Zero)
        {
            yield return new("Jobs:InvisibilityTimeout must be at least 5 s and Jobs:ShutdownTimeout not negative.");
        }
        if (!string.IsNullOrWhiteSpace(Pipeline.PseudonymKey) && !IsKey(Pipeline.PseudonymKey))
        {
            yield return new($"{PipelineOptions.PseudonymKeySetting} must be base64 of at least 32 bytes.");
        }
        foreach (var (name, retry) in Retry)
        {
            foreach (var result in retry.Validate(name))
            {
                yield return result;
            }
        }
        foreach (var result in Schedule.Validate())
        {
            yield return result;
        }
        if (Retention.Succeeded < TimeSpan.FromMinutes(1))
        {
            yield return new("Jobs:Retention:Succeeded must be at least one minute.");
        }
    }

    private static bool IsKey(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length) && length >= 32;
    }
}

/// <summary>
/// A job's automatic retries (Hangfire's <c>AutomaticRetry</c>). Failures that no retry can cure
/// (<see cref="PermanentJobFailureException"/>: bad input) are never retried.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Hangfire's own default: ten retries with its growing delays (about 16 s up to about 2.8 h).</summary>
    public static readonly RetryOptions Default = new() { Attempts = 10 };

    /// <summary>Retries after the first failure; 0 turns them off.</summary>
    public int Attempts { get; set; }

    /// <summary>The wait before each retry, in seconds; the last repeats. Empty: Hangfire's growing delays with jitter.</summary>
    public int[] DelaysInSeconds { get; set; } = [];

    internal IEnumerable<ValidationResult> Validate(string name)
    {
        if (Attempts is < 0 or > 100)
        {
            yield return new($"Jobs:Retry:{name}:Attempts must be between 0 and 100.");
        }
        if (DelaysInSeconds.Any(d => d < 0))
        {
            yield return new($"Jobs:Retry:{name}:DelaysInSeconds must not be negative.");
        }
    }
}

/// <summary>
/// Cron expressions (five fields, UTC; a sixth leading field for seconds) for the recurring jobs. Hangfire checks them when
/// the jobs are registered at start-up, which fails naming the setting.
/// </summary>
public sealed class ScheduleOptions
{
    public string GrantExpirySweep { get; set; } = "* * * * *";

    /// <summary>Hourly, a few minutes past the hour, once the hour's usage has settled.</summary>
    public string UsageRollup { get; set; } = "5 * * * *";

    /// <summary>How many closed hours back the usage roll-up looks for hours it has missed (all nodes down).</summary>
    public int UsageRollupCatchUpHours { get; set; } = 48;

    /// <summary>The full verification of the ledger, nightly when the port is quiet.</summary>
    public string LedgerVerification { get; set; } = "30 3 * * *";

    internal IEnumerable<ValidationResult> Validate()
    {
        if (UsageRollupCatchUpHours is < 1 or > 24 * 31)
        {
            yield return new("Jobs:Schedule:UsageRollupCatchUpHours must be between 1 and 744 (31 days).");
        }
    }
}

/// <summary>
/// How long succeeded and deleted runs stay (Hangfire's job expiration). Failed runs stay until an operator retries or
/// deletes them: that is what they are there for.
/// </summary>
public sealed class RetentionOptions
{
    public TimeSpan Succeeded { get; set; } = TimeSpan.FromDays(7);
}
