namespace DataPort.Jobs.Tests;

public sealed class Given_a_node_that_dies_mid_job(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_its_check_ins_stop_Then_the_other_node_recovers_and_completes_the_run()
    {
        await using var a = await JobsNode.StartAsync(database.ConnectionString, "node-a");
        await using var b = await JobsNode.StartAsync(database.ConnectionString, "node-b");
        await TestJobs.AddAsync(await a.SchedulerAsync());

        var runId = await a.Runs.EnqueueAsync(TestJobs.Stoppable, new Dictionary<string, string> { ["mode"] = "stubborn" });
        var running = await Eventually.ValueAsync(() => a.Runs.GetAsync(runId), r => r.State == JobRunState.Processing, "the run to start");
        var (dying, survivor) = running.Node == a.InstanceId ? (a, b) : (b, a);

        await dying.CrashAsync();

        var done = await Eventually.ValueAsync(() => survivor.Runs.GetAsync(runId), r => r.State == JobRunState.Succeeded, "the run to be recovered");
        Assert.Equal(survivor.InstanceId, done.Node);
        Assert.Equal(2, done.Attempts);
        Assert.Equal(1, await database.CountAsync(
            "SELECT count(*) FROM test_executions WHERE job = $1 AND recovering AND node = $2", TestJobs.Stoppable.Name, survivor.InstanceId));
    }
}

public sealed class Given_a_node_shutting_down_mid_job(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_the_job_outlives_the_grace_period_Then_it_is_handed_back_and_completed_by_the_other_node()
    {
        await using var a = await JobsNode.StartAsync(database.ConnectionString, "node-a");
        await using var b = await JobsNode.StartAsync(database.ConnectionString, "node-b");
        await TestJobs.AddAsync(await a.SchedulerAsync());

        var runId = await a.Runs.EnqueueAsync(TestJobs.Stoppable, new Dictionary<string, string> { ["mode"] = "cooperative" });
        var running = await Eventually.ValueAsync(() => a.Runs.GetAsync(runId), r => r.State == JobRunState.Processing, "the run to start");
        var (leaving, staying) = running.Node == a.InstanceId ? (a, b) : (b, a);

        await leaving.StopAsync();

        var done = await Eventually.ValueAsync(() => staying.Runs.GetAsync(runId), r => r.State == JobRunState.Succeeded, "the handed-back run to finish");
        Assert.Equal(staying.InstanceId, done.Node);
        Assert.Equal(2, done.Attempts);
        Assert.Equal(1, await database.CountAsync(
            "SELECT count(*) FROM test_executions WHERE job = $1 AND recovering AND node = $2", TestJobs.Stoppable.Name, staying.InstanceId));
    }
}
