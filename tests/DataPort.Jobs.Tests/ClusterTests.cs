using DataPort.Testing;
using Npgsql;
using Quartz;

namespace DataPort.Jobs.Tests;

public sealed class JobsDatabase : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public string ConnectionString => database.ConnectionString;

    public NpgsqlDataSource DataSource => database.DataSource;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using var command = database.DataSource.CreateCommand(TestJobs.CreateTable);
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new() { Value = parameter });
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

public sealed class Given_two_nodes_on_one_database(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_triggers_fire_Then_each_fire_runs_exactly_once()
    {
        await using var a = await JobsNode.StartAsync(database.ConnectionString, "node-a");
        await using var b = await JobsNode.StartAsync(database.ConnectionString, "node-b");
        var scheduler = await a.SchedulerAsync();
        await TestJobs.AddAsync(scheduler);

        // Twenty one-off fires due at the same moment, and one trigger that repeats ten times.
        var at = DateTimeOffset.UtcNow.AddSeconds(1.5);
        for (var i = 0; i < 20; i++)
        {
            await scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity($"once-{i}", "test").ForJob(TestJobs.Counting).StartAt(at).Build());
        }
        await scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity("repeating", "test").ForJob(TestJobs.Counting).StartAt(at)
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(200)).WithRepeatCount(9)).Build());

        await Eventually.TrueAsync(async () => await database.CountAsync("SELECT count(*) FROM test_executions") >= 30, "30 executions");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // room for a duplicate to show up, if there were one

        Assert.Equal(30, await database.CountAsync("SELECT count(*) FROM test_executions"));
        Assert.Equal(30, await database.CountAsync("SELECT count(DISTINCT (trigger_name, scheduled_for)) FROM test_executions"));
        Assert.Equal(30, await database.CountAsync("SELECT count(*) FROM jobs.runs WHERE job = $1 AND state = 'succeeded'", TestJobs.Counting.Name));
    }
}
