namespace DataPort.Jobs;

/// <summary>
/// The name of each job as operators see it (the API, the dashboard, <c>Jobs:Retry:{name}</c> settings, recurring ids).
/// </summary>
public static class JobNames
{
    public const string PipelineRun = "pipeline-run";
    public const string GrantExpirySweep = "grant-expiry-sweep";
    public const string UsageRollup = "usage-rollup";
    public const string LedgerVerification = "ledger-verification";

    private static readonly Dictionary<Type, string> ByType = new()
    {
        [typeof(PipelineRunJob)] = PipelineRun,
        [typeof(GrantExpirySweepJob)] = GrantExpirySweep,
        [typeof(UsageRollupJob)] = UsageRollup,
        [typeof(LedgerVerificationJob)] = LedgerVerification,
    };

    /// <summary>The job's name; a type DataPort does not know (a test's) goes by its class name.</summary>
    public static string Of(Type jobType) => ByType.GetValueOrDefault(jobType) ?? jobType.Name;
}
