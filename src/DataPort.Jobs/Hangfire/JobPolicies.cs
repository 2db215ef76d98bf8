using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;

namespace DataPort.Jobs;

/// <summary>
/// Hangfire filters chosen per job from <see cref="JobsOptions"/>: its <see cref="AutomaticRetryAttribute"/> (attempts and
/// delays from <c>Jobs:Retry:{name}</c>, never for <see cref="PermanentJobFailureException"/>), and how long its finished
/// runs are kept.
/// </summary>
internal sealed class JobPolicies(JobsOptions options) : IJobFilterProvider
{
    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        if (job?.Type is null)
        {
            return [];
        }
        var retry = options.RetryFor(JobNames.Of(job.Type));
        var automaticRetry = new AutomaticRetryAttribute
        {
            Attempts = retry.Attempts,
            ExceptOn = [typeof(PermanentJobFailureException)],
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        };
        if (retry.DelaysInSeconds.Length > 0)
        {
            automaticRetry.DelaysInSeconds = retry.DelaysInSeconds;
        }
        return
        [
            new JobFilter(automaticRetry, JobFilterScope.Method, order: null),
            new JobFilter(new RunExpiration(options.Retention.Succeeded), JobFilterScope.Global, order: null),
        ];
    }

    /// <summary>Succeeded and deleted runs expire after the retention (Hangfire's default is one day).</summary>
    private sealed class RunExpiration(TimeSpan retention) : IApplyStateFilter
    {
        public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction) => context.JobExpirationTimeout = retention;

        public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
        {
        }
    }
}
