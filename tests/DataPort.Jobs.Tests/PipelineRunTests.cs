using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Jobs.Tests;

/// <summary>The pipeline job hands each run to the registered runner; a failure the runner calls permanent is never retried.</summary>
public sealed class Given_a_registered_pipeline_runner(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    private sealed class RecordingRunner : IPipelineRunner
    {
        public List<PipelineRunRequest> Seen { get; } = [];

        public async Task RunAsync(PipelineRunRequest request, IJobProgress progress, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add(request);
            }
            await progress.ReportAsync(40, 100, "mask", 1234, cancellationToken);
            if (request.UploadId == "malformed")
            {
                throw new PermanentJobFailureException("line 3: expected 4 fields as in the header, found 5");
            }
        }
    }

    [Fact]
    public async Task When_an_upload_is_drafted_Then_the_runner_gets_it_under_the_given_run_id_with_its_stage_and_rows()
    {
        var runner = new RecordingRunner();
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "node-a",
            configure: builder => builder.Services.AddSingleton<IPipelineRunner>(runner));
        var runId = Guid.CreateVersion7();

        await node.Runs.EnqueuePipelineRunAsync(new PipelineRunRequest("bus-taps", "u1", Revision: 2), runId);
        var done = await Eventually.ValueAsync(() => node.Runs.GetAsync(runId), r => r.State is JobRunState.Succeeded or JobRunState.Failed, "the run to end");

        Assert.Equal(JobRunState.Succeeded, done.State);
        Assert.Equal(new PipelineRunRequest("bus-taps", "u1", 2), Assert.Single(runner.Seen));
        Assert.Equal("mask", done.Progress?.Stage);
        Assert.Equal(1234, done.Progress?.Items);
    }

    [Fact]
    public async Task When_the_runner_fails_permanently_Then_the_run_fails_at_once_with_its_message()
    {
        var runner = new RecordingRunner();
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "node-b",
            configure: builder => builder.Services.AddSingleton<IPipelineRunner>(runner));
        var runId = Guid.CreateVersion7();

        await node.Runs.EnqueuePipelineRunAsync(new PipelineRunRequest("bus-taps", "malformed", Revision: 0), runId);
        var done = await Eventually.ValueAsync(() => node.Runs.GetAsync(runId), r => r.State is JobRunState.Succeeded or JobRunState.Failed, "the run to end");

        Assert.Equal(JobRunState.Failed, done.State);
        Assert.Equal(1, done.Attempts);
        Assert.Contains("expected 4 fields", done.Error);
        Assert.Single(runner.Seen);
    }
}
