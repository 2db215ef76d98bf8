using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataPort.Jobs;

/// <summary>One privacy-pipeline run: the draft of an upload for one revision of its owner's column choices.</summary>
public sealed record PipelineRunRequest(string DatasetId, string UploadId, int Revision)
{
    internal const string DatasetIdKey = "datasetId";
    internal const string UploadIdKey = "uploadId";
    internal const string RevisionKey = "revision";

    internal IReadOnlyDictionary<string, string> ToArguments() => new Dictionary<string, string>
    {
        [DatasetIdKey] = DatasetId,
        [UploadIdKey] = UploadId,
        [RevisionKey] = Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    internal static PipelineRunRequest FromArguments(JobDataMap map) => new(
        map.GetString(DatasetIdKey) ?? throw new JobExecutionException($"The run has no {DatasetIdKey}."),
        map.GetString(UploadIdKey) ?? throw new JobExecutionException($"The run has no {UploadIdKey}."),
        int.TryParse(map.GetString(RevisionKey), out var revision) ? revision : throw new JobExecutionException($"The run has no {RevisionKey}."));
}

/// <summary>
/// Drafts an upload (classify, mask, check risk, write the draft release). Implemented by the catalog module;
/// until it registers one, pipeline runs fail with an error that says so.
/// </summary>
/// <remarks>
/// Must be idempotent: a run recovered from a dead node, or retried after a failure half-way, calls this again
/// for the same request. Throw <see cref="PermanentJobFailureException"/> for what no retry can cure.
/// </remarks>
public interface IPipelineRunner
{
    Task RunAsync(PipelineRunRequest request, IJobProgress progress, CancellationToken cancellationToken);
}

/// <summary>A failure no retry can cure (a malformed file, a missing module): the run fails at once instead of after every retry.</summary>
public sealed class PermanentJobFailureException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class PipelineRunJob(IServiceProvider services, JobProgress progress) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var runner = services.GetService<IPipelineRunner>()
            ?? throw new JobExecutionException("No pipeline runner is registered: the catalog module is not wired into this host.")
            {
                UnscheduleFiringTrigger = true,
            };
        var request = PipelineRunRequest.FromArguments(context.MergedJobDataMap);
        try
        {
            await runner.RunAsync(request, progress.For(context), cancellationToken);
        }
        catch (PermanentJobFailureException e)
        {
            throw new JobExecutionException(e.Message, e) { UnscheduleFiringTrigger = true };
        }
    }
}
