namespace DataPort.Jobs.Tests;

public sealed class Given_a_job_that_keeps_failing(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_it_runs_Then_it_is_retried_after_growing_delays_and_ends_failed_with_its_error()
    {
        // Two retries, delays counted in 10 ms units: about 150–450 ms, then 160–760 ms.
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "node-a");
        await TestJobs.AddAsync(await node.SchedulerAsync());

        var runId = await node.Runs.EnqueueAsync(TestJobs.Failing, new Dictionary<string, string> { ["source"] = "ftp://example/data.csv" });

        var retrying = await Eventually.ValueAsync(() => node.Runs.GetAsync(runId), r => r.State == JobRunState.Scheduled, "a retry to be scheduled");
        Assert.NotNull(retrying.DueAt);
        Assert.Contains("refused the connection", retrying.Error);

        var failed = await Eventually.ValueAsync(() => node.Runs.GetAsync(runId), r => r.State == JobRunState.Failed, "the run to fail");
        Assert.Equal(3, failed.Attempts);
        Assert.Equal("InvalidOperationException: The upstream file server refused the connection.", failed.Error);
        Assert.Equal("ftp://example/data.csv", failed.Arguments["source"]);
        Assert.NotNull(failed.FinishedAt);

        var gaps = await database.CountAsync("""
            SELECT count(*) FROM (
                SELECT at - lag(at) OVER (ORDER BY at) AS gap FROM test_executions WHERE job = $1) g
            WHERE gap >= interval '150 milliseconds'
            """, TestJobs.Failing.Name);
        Assert.Equal(2, gaps);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(3, await database.CountAsync("SELECT count(*) FROM test_executions WHERE job = $1", TestJobs.Failing.Name));
    }
}

public sealed class Given_a_job_that_reports_progress(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_it_finishes_Then_the_run_shows_its_final_counts()
    {
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "node-a");
        await TestJobs.AddAsync(await node.SchedulerAsync());

        var runId = await node.Runs.EnqueueAsync(TestJobs.Progressing, new Dictionary<string, string>());

        var done = await Eventually.ValueAsync(() => node.Runs.GetAsync(runId), r => r.State == JobRunState.Succeeded, "the run to succeed");
        Assert.Equal(new JobRunProgress(1000, 1000), done.Progress);
        Assert.Equal(1, done.Attempts);
        Assert.NotNull(done.DurationMs);
        Assert.Null(done.Error);
    }
}
