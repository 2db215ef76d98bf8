using Quartz;

namespace DataPort.Jobs.Tests;

public sealed class RetentionTests(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly RetentionOptions Policy = new()
    {
        Succeeded = TimeSpan.FromDays(7),
        MaxSucceededPerRecurringJob = 3,
        Failed = TimeSpan.FromDays(30),
    };

    [Fact]
    public async Task Given_runs_of_every_state_and_age_When_retention_applies_Then_exactly_the_expired_finished_ones_go()
    {
        var kept = new List<Guid>
        {
            await RunAsync("pipeline-run", "succeeded", "runs", finishedDaysAgo: 6),
            await RunAsync("pipeline-run", "failed", "runs", finishedDaysAgo: 29),
            await RunAsync("grant-expiry-sweep", "failed", "recurring", finishedDaysAgo: 29),
            await RunAsync("pipeline-run", "deleted", "runs", finishedDaysAgo: 20),
            // Unfinished runs stay whatever their age: running, waiting, handed back, waiting out a retry.
            await RunAsync("pipeline-run", "processing", "runs", finishedDaysAgo: null, enqueuedDaysAgo: 90),
            await RunAsync("pipeline-run", "enqueued", "runs", finishedDaysAgo: null, enqueuedDaysAgo: 90),
            await RunAsync("pipeline-run", "scheduled", "runs", finishedDaysAgo: null, enqueuedDaysAgo: 90),
            await RunAsync("usage-rollup", "processing", "recurring", finishedDaysAgo: null, enqueuedDaysAgo: 90),
        };
        var expired = new List<Guid>
        {
            await RunAsync("pipeline-run", "succeeded", "runs", finishedDaysAgo: 8),
            await RunAsync("usage-rollup", "succeeded", "recurring", finishedDaysAgo: 8),
            await RunAsync("pipeline-run", "failed", "runs", finishedDaysAgo: 31),
            await RunAsync("pipeline-run", "deleted", "runs", finishedDaysAgo: 31),
        };
        // Five recent successes of one recurring job: the newest three stay.
        for (var i = 0; i < 5; i++)
        {
            var id = await RunAsync("ledger-sealing", "succeeded", "recurring", finishedDaysAgo: 1 + i * 0.1);
            (i < 3 ? kept : expired).Add(id);
        }
        // One-off runs are not capped by count.
        for (var i = 0; i < 5; i++)
        {
            kept.Add(await RunAsync("pipeline-run", "succeeded", "runs", finishedDaysAgo: 1 + i * 0.1));
        }

        var removed = await Store.PurgeAsync(Policy, Now);

        Assert.Equal(expired.Count, removed);
        var remaining = await IdsAsync();
        Assert.Equal(kept.Order(), remaining.Order());
        Assert.Equal(0, await Store.PurgeAsync(Policy, Now));
    }

    [Fact]
    public async Task Given_a_host_without_trading_When_the_scheduler_starts_Then_retention_is_scheduled_and_the_usage_roll_up_is_not()
    {
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "retention-node");
        var scheduler = await node.SchedulerAsync();

        var trigger = await scheduler.GetTrigger(new TriggerKey(JobSchedule.RunRetention.Name, JobSchedule.RecurringTriggerGroup));

        Assert.Equal("0 17 * * * ?", Assert.IsAssignableFrom<ICronTrigger>(trigger).CronExpressionString);
        Assert.False(await scheduler.Exists(new TriggerKey(JobSchedule.UsageRollup.Name, JobSchedule.RecurringTriggerGroup)));
    }

    private JobRunStore Store => new(database.DataSource, TimeProvider.System);

    private async Task<Guid> RunAsync(string job, string state, string triggerGroup, double? finishedDaysAgo, double enqueuedDaysAgo = 0)
    {
        var id = Guid.CreateVersion7();
        DateTimeOffset? finished = finishedDaysAgo is { } days ? Now.AddDays(-days) : null;
        var enqueued = finished ?? Now.AddDays(-enqueuedDaysAgo);
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO jobs.runs (id, job, state, attempts, enqueued_at, finished_at, trigger_name, trigger_group)
            VALUES ($1, $2, $3, 1, $4, $5, $2, $6)
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = job });
        command.Parameters.Add(new() { Value = state });
        command.Parameters.Add(new() { Value = enqueued.AddMinutes(-1) });
        command.Parameters.Add(new() { Value = (object?)finished ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = triggerGroup });
        await command.ExecuteNonQueryAsync();
        return id;
    }

    private async Task<List<Guid>> IdsAsync()
    {
        await using var command = database.DataSource.CreateCommand("SELECT id FROM jobs.runs WHERE enqueued_at < $1");
        command.Parameters.Add(new() { Value = Now.AddDays(1) });
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }
}
