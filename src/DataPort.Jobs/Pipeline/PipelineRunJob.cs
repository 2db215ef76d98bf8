using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataPort.Jobs;

/// <summary>One privacy-pipeline run for a dataset version, enqueued with the location of its input.</summary>
public sealed record PipelineRunRequest(string DatasetId, string Version, string InputLocation)
{
    internal const string DatasetIdKey = "datasetId";
    internal const string VersionKey = "version";
    internal const string InputLocationKey = "inputLocation";

    internal IReadOnlyDictionary<string, string> ToArguments() => new Dictionary<string, string>
    {
        [DatasetIdKey] = DatasetId,
        [VersionKey] = Version,
        [InputLocationKey] = InputLocation,
    };

    internal static PipelineRunRequest FromArguments(JobDataMap map) => new(
        map.GetString(DatasetIdKey) ?? throw new JobExecutionException($"The run has no {DatasetIdKey}."),
        map.GetString(VersionKey) ?? throw new JobExecutionException($"The run has no {VersionKey}."),
        map.GetString(InputLocationKey) ?? throw new JobExecutionException($"The run has no {InputLocationKey}."));
}

/// <summary>
/// Runs the privacy pipeline (classify, mask, check risk, write Parquet, load the sandbox). Implemented by
/// the privacy module; until it registers one, pipeline runs fail with an error that says so.
/// </summary>
/// <remarks>
/// Must be idempotent: a run recovered from a dead node, or retried after a failure half-way, calls this
/// again for the same request. Check the lineage record of (dataset, version, input hash) before writing.
/// </remarks>
public interface IPipelineRunner
{
    Task RunAsync(PipelineRunRequest request, IJobProgress progress, CancellationToken cancellationToken);
}

public sealed class PipelineRunJob(IServiceProvider services, JobProgress progress) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var runner = services.GetService<IPipelineRunner>()
            ?? throw new JobExecutionException("No pipeline runner is registered: the privacy pipeline (DataPort.Privacy) is not wired into this host.")
            {
                // Retrying cannot fix a missing module, so the run fails at once instead of ten times.
                UnscheduleFiringTrigger = true,
            };
        var request = PipelineRunRequest.FromArguments(context.MergedJobDataMap);
        await runner.RunAsync(request, progress.For(context), cancellationToken);
    }
}
