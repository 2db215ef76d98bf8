using System.ComponentModel.DataAnnotations;

namespace DataPort.Jobs;

/// <summary>Settings of the <c>Jobs</c> section. Defaults suit production; tests shorten the intervals.</summary>
public sealed class JobsOptions : IValidatableObject
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// Whether this process runs a scheduler. Off, the run history can still be read but nothing is
    /// enqueued or executed here (functional tests of other modules turn it off).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This node's id in the Quartz cluster; unique per process. Generated when empty.</summary>
    public string? InstanceId { get; set; }

    /// <summary>How many jobs this node runs at once.</summary>
    [Range(1, 64, ErrorMessage = "Jobs:MaxConcurrency must be between 1 and 64.")]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How often an idle node looks for work that another node scheduled.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often this node tells the cluster it is alive.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long past a missed check-in the other nodes wait before recovering this node's jobs.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How late a trigger may fire before it counts as misfired.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>On shutdown: how long running jobs may go on before they are asked to stop.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// On shutdown: how long jobs asked to stop get to hand their run back. A job still running after that
    /// is left to the cluster: another node recovers it once this node's check-in has lapsed.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The default automatic-retry policy (Hangfire's AutomaticRetry: 10 attempts, growing delays).</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>Where pipeline runs write, and their pseudonym key.</summary>
    public PipelineOptions Pipeline { get; set; } = new();

    /// <summary>When the recurring jobs fire.</summary>
    public ScheduleOptions Schedule { get; set; } = new();

    /// <summary>How long finished runs stay in <c>jobs.runs</c>.</summary>
    public RetentionOptions Retention { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InstanceId is { Length: > 200 })
        {
            yield return new("Jobs:InstanceId must be at most 200 characters.", [nameof(InstanceId)]);
        }
        if (PollInterval < TimeSpan.FromSeconds(1))
        {
            yield return new("Jobs:PollInterval must be at least 1 second (Quartz's minimum idle wait).", [nameof(PollInterval)]);
        }
        if (CheckinInterval <= TimeSpan.Zero || CheckinMisfireThreshold <= TimeSpan.Zero || MisfireThreshold <= TimeSpan.Zero)
        {
            yield return new("Jobs:CheckinInterval, Jobs:CheckinMisfireThreshold and Jobs:MisfireThreshold must be positive.");
        }
        if (ShutdownGracePeriod < TimeSpan.Zero || ShutdownTimeout < TimeSpan.Zero)
        {
            yield return new("Jobs:ShutdownGracePeriod and Jobs:ShutdownTimeout must not be negative.");
        }
        if (!string.IsNullOrWhiteSpace(Pipeline.PseudonymKey) && !IsKey(Pipeline.PseudonymKey))
        {
            yield return new($"{PipelineOptions.PseudonymKeySetting} must be base64 of at least 32 bytes.");
        }
        foreach (var result in Retry.Validate())
        {
            yield return result;
        }
        foreach (var result in Schedule.Validate())
        {
            yield return result;
        }
        foreach (var result in Retention.Validate())
        {
            yield return result;
        }
    }

    private static bool IsKey(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length) && length >= 32;
    }
}

public sealed class RetryOptions
{
    /// <summary>Retries after the first failure (Hangfire's <c>Attempts</c>); 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 10;

    /// <summary>
    /// The unit Hangfire's delay formula counts in: retry n waits about n⁴ + 15 + jitter units. One second
    /// in production (16 s, 31 s, 96 s … ~2.8 h); tests set milliseconds.
    /// </summary>
    public TimeSpan DelayUnit { get; set; } = TimeSpan.FromSeconds(1);

    internal IEnumerable<ValidationResult> Validate()
    {
        if (MaxRetries is < 0 or > RetryDelays.MaxRetries)
        {
            yield return new($"Jobs:Retry:MaxRetries must be between 0 and {RetryDelays.MaxRetries}.");
        }
        if (DelayUnit <= TimeSpan.Zero || DelayUnit > TimeSpan.FromMinutes(1))
        {
            yield return new("Jobs:Retry:DelayUnit must be positive and at most one minute.");
        }
    }
}

public sealed class ScheduleOptions
{
    /// <summary>Quartz cron (seconds first) for the grant-expiry sweep.</summary>
    public string GrantExpirySweep { get; set; } = "0 * * * * ?";

    /// <summary>How often pending ledger events are sealed and a checkpoint considered.</summary>
    public TimeSpan LedgerSealing { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Quartz cron for the usage roll-up (hourly, a few minutes past the hour).</summary>
    public string UsageRollup { get; set; } = "0 5 * * * ?";

    /// <summary>How many closed hours back the usage roll-up looks for hours it has missed (all nodes down).</summary>
    public int UsageRollupCatchUpHours { get; set; } = 48;

    /// <summary>Quartz cron for the full verification of the ledger (nightly, when the port is quiet).</summary>
    public string LedgerVerification { get; set; } = "0 30 3 * * ?";

    /// <summary>Quartz cron for applying <see cref="RetentionOptions"/> to the run history (hourly).</summary>
    public string RunRetention { get; set; } = "0 17 * * * ?";

    internal IEnumerable<ValidationResult> Validate()
    {
        foreach (var (name, cron) in new[] { ("GrantExpirySweep", GrantExpirySweep), ("UsageRollup", UsageRollup), ("RunRetention", RunRetention), ("LedgerVerification", LedgerVerification) })
        {
            if (!Quartz.CronExpression.TryParse(cron, out _))
            {
                yield return new($"Jobs:Schedule:{name} is not a valid Quartz cron expression: '{cron}'.");
            }
        }
        if (LedgerSealing < TimeSpan.FromSeconds(1))
        {
            yield return new("Jobs:Schedule:LedgerSealing must be at least 1 second.");
        }
        if (UsageRollupCatchUpHours is < 1 or > 24 * 31)
        {
            yield return new("Jobs:Schedule:UsageRollupCatchUpHours must be between 1 and 744 (31 days).");
        }
    }
}

/// <summary>
/// How long finished runs are kept. Runs that are waiting or running are never removed, whatever their age;
/// failed and deleted runs are kept longer than successes because someone may still have to look at them.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Succeeded runs (one-off or recurring) are removed once finished this long ago.</summary>
    public TimeSpan Succeeded { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Besides their age, at most this many succeeded runs of each recurring job are kept (the newest).</summary>
    public int MaxSucceededPerRecurringJob { get; set; } = 1000;

    /// <summary>Failed and deleted runs are removed once finished this long ago.</summary>
    public TimeSpan Failed { get; set; } = TimeSpan.FromDays(30);

    internal IEnumerable<ValidationResult> Validate()
    {
        if (Succeeded < TimeSpan.FromMinutes(1) || Failed < TimeSpan.FromMinutes(1))
        {
            yield return new("Jobs:Retention:Succeeded and Jobs:Retention:Failed must be at least one minute.");
        }
        if (Failed < Succeeded)
        {
            yield return new("Jobs:Retention:Failed must not be shorter than Jobs:Retention:Succeeded: failures are kept at least as long.");
        }
        if (MaxSucceededPerRecurringJob < 1)
        {
            yield return new("Jobs:Retention:MaxSucceededPerRecurringJob must be at least 1.");
        }
    }
}
