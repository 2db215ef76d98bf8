using Hangfire;

namespace DataPort.Jobs.Tests;

public sealed class Given_two_nodes_on_one_database(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_forty_runs_are_enqueued_Then_each_runs_exactly_once()
    {
        await using var a = await JobsNode.StartAsync(database.ConnectionString, "node-a");
        await using var b = await JobsNode.StartAsync(database.ConnectionString, "node-b");

        var ids = Enumerable.Range(0, 40)
            .Select(i => (i % 2 == 0 ? a : b).Client.Enqueue<CountingJob>(job => job.RunAsync(i, null!)))
            .ToList();

        const string executions = "SELECT count(*) FROM test_executions WHERE job_id = ANY($1)";
        await Eventually.TrueAsync(async () => await database.CountAsync(executions, (object)ids.ToArray()) >= 40, "40 executions");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // room for a duplicate to show up, if there were one

        Assert.Equal(40, await database.CountAsync(executions, (object)ids.ToArray()));
        Assert.Equal(40, await database.CountAsync("SELECT count(DISTINCT job_id) FROM test_executions WHERE job_id = ANY($1)", (object)ids.ToArray()));
        await Eventually.TrueAsync(() => Task.FromResult(ids.All(id => a.Runs.Get(id)?.State == JobRunState.Succeeded)), "every run succeeded");
    }

    [Fact]
    public async Task When_a_node_stops_mid_run_Then_the_run_is_handed_back_and_finished_by_the_other()
    {
        await using var a = await JobsNode.StartAsync(database.ConnectionString, "node-a");
        await using var b = await JobsNode.StartAsync(database.ConnectionString, "node-b");
        var id = a.Client.Enqueue<HandedBackJob>(job => job.RunAsync(null!, CancellationToken.None));
        var running = await Eventually.ValueAsync(() => Task.FromResult(a.Runs.Get(id)), r => r.State == JobRunState.Processing, "the run to start");
        var (leaving, staying) = running.Node!.StartsWith(a.Name, StringComparison.Ordinal) ? (a, b) : (b, a);

        await leaving.StopAsync();

        var done = await Eventually.ValueAsync(() => Task.FromResult(staying.Runs.Get(id)), r => r.State == JobRunState.Succeeded, "the handed-back run to finish");
        Assert.Equal(2, done.Attempts);
        Assert.StartsWith(staying.Name, done.Node);
        Assert.Equal(2, await database.CountAsync("SELECT count(DISTINCT server) FROM test_executions WHERE job_id = $1", id));
    }
}
