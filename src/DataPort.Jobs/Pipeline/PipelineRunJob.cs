using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Jobs;

/// <summary>
/// One privacy-pipeline run: the draft of an upload. <paramref name="RunId"/> is the Hangfire job's id, which the upload
/// records; a run whose id the upload no longer names (the owner chose again) has nothing to do.
/// </summary>
public sealed record PipelineRunRequest(string DatasetId, string UploadId, string RunId);

/// <summary>
/// Drafts an upload (classify, mask, check risk, write the draft release). Implemented by the catalog module;
/// until it registers one, pipeline runs fail with an error that says so.
/// </summary>
/// <remarks>
/// Must be idempotent: a run taken over from a dead node, or retried after a failure half-way, calls this again
/// for the same request. Throw <see cref="PermanentJobFailureException"/> for what no retry can cure.
/// </remarks>
public interface IPipelineRunner
{
    Task RunAsync(PipelineRunRequest request, IJobProgress progress, CancellationToken cancellationToken);
}

/// <summary>A failure no retry can cure (a malformed file, a missing module): the run fails at once instead of after every retry.</summary>
public sealed class PermanentJobFailureException(string message, Exception? inner = null) : Exception(message, inner);

[Queue(JobQueues.Pipeline)]
public sealed class PipelineRunJob(IServiceProvider services, JobProgress progress)
{
    /// <summary>Hangfire calls this with the run's own context and a token that fires on shutdown or deletion.</summary>
    [DisplayName("pipeline-run {0} / {1}")]
    public Task RunAsync(string datasetId, string uploadId, PerformContext context, CancellationToken cancellationToken)
    {
        var runner = services.GetService<IPipelineRunner>()
            ?? throw new PermanentJobFailureException("No pipeline runner is registered: the catalog module is not wired into this host.");
        return runner.RunAsync(new PipelineRunRequest(datasetId, uploadId, context.BackgroundJob.Id), progress.For(context), cancellationToken);
    }
}
