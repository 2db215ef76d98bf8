using Hangfire;

namespace DataPort.Jobs.Tests;

public sealed class Given_a_job_that_fails(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_the_failure_is_transient_Then_it_is_retried_with_the_configured_delays_and_then_fails()
    {
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "retrying");

        var id = node.Client.Enqueue<FailingJob>(job => job.RunAsync(false, null!));

        var failed = await Eventually.ValueAsync(() => Task.FromResult(node.Runs.Get(id)), r => r.State == JobRunState.Failed,
            "the last attempt to fail", TimeSpan.FromSeconds(30));
        var times = await database.ExecutionTimesAsync(id);
        Assert.Equal(3, times.Count);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal("The upstream file server refused the connection.", failed.Error);
        // Jobs:Retry:FailingJob:DelaysInSeconds is [2, 4]. Hangfire's schedule keeps whole seconds and is polled every
        // second here, so each wait may come up to a second early or a second and a bit late.
        var waits = times.Zip(times.Skip(1), (earlier, later) => later - earlier).ToList();
        Assert.InRange(waits[0].TotalSeconds, 1.0, 4.0);
        Assert.InRange(waits[1].TotalSeconds, 3.0, 6.0);
    }

    [Fact]
    public async Task When_the_failure_is_bad_input_Then_it_fails_at_once_without_retries()
    {
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "not-retrying");

        var id = node.Client.Enqueue<FailingJob>(job => job.RunAsync(true, null!));

        var failed = await Eventually.ValueAsync(() => Task.FromResult(node.Runs.Get(id)), r => r.State == JobRunState.Failed, "the run to fail");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a retry would be due within this
        Assert.Single(await database.ExecutionTimesAsync(id));
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("Line 3 has 4 fields where the header has 5.", failed.Error);
    }

    [Fact]
    public async Task When_an_operator_retries_a_failed_run_Then_it_runs_again_and_delete_removes_it()
    {
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "operator");
        var id = node.Client.Enqueue<FailingJob>(job => job.RunAsync(true, null!));
        await Eventually.ValueAsync(() => Task.FromResult(node.Runs.Get(id)), r => r.State == JobRunState.Failed, "the run to fail");

        Assert.Equal(RunChange.Done, node.Runs.Retry(id));

        await Eventually.TrueAsync(async () => (await database.ExecutionTimesAsync(id)).Count == 2 && node.Runs.Get(id)?.State == JobRunState.Failed,
            "the retried run to fail again");
        Assert.Equal(RunChange.NotFound, node.Runs.Retry("999999999"));
        Assert.Equal(RunChange.Done, node.Runs.Delete(id));
        Assert.Equal(JobRunState.Deleted, node.Runs.Get(id)!.State);
        Assert.Equal(RunChange.WrongState, node.Runs.Retry(id));
        Assert.Contains(node.Runs.List(JobRunState.Deleted, 1, 50).Items, r => r.Id == id);
    }
}

public sealed class Given_a_long_run(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_it_reports_progress_Then_the_run_shows_it_while_processing_and_after()
    {
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "progress");

        var id = node.Client.Enqueue<ProgressingJob>(job => job.RunAsync(null!, CancellationToken.None));

        var running = await Eventually.ValueAsync(() => Task.FromResult(node.Runs.Get(id)),
            r => r.State == JobRunState.Processing && r.Progress is not null, "progress while running");
        Assert.Equal(new JobRunProgress(250, 1000) { Stage = "mask", Items = 1234 }, running.Progress);
        Assert.Contains(node.Runs.List(JobRunState.Processing, 1, 50).Items, r => r.Id == id);
        Assert.Contains(node.Runs.List(null, 1, 50).Items, r => r.Id == id);
        ProgressingJob.Release.Release();
        var done = await Eventually.ValueAsync(() => Task.FromResult(node.Runs.Get(id)), r => r.State == JobRunState.Succeeded, "the run to finish");
        Assert.Equal(new JobRunProgress(1000, 1000) { Stage = "drafted", Items = 5000 }, done.Progress);
        Assert.StartsWith("progress:", done.Node);
        Assert.NotNull(done.DurationMs);
    }
}
