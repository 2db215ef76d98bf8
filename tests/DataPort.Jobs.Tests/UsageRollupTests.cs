using DataPort.Domain.Grants;
using DataPort.Trading.Usage;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Jobs.Tests;

public sealed class UsageRollupTests(JobsDatabase database) : IClassFixture<JobsDatabase>, IDisposable
{
    private readonly UsageEvents usage = UsageEvents.For(database.ConnectionString);

    private HourlyUsage Rollup => new(database.DataSource, TimeProvider.System);

    public void Dispose() => usage.Dispose();

    [Fact]
    public async Task Given_an_hour_of_known_usage_When_it_is_rolled_up_Then_each_grant_has_one_bucket_with_its_counts()
    {
        var hour = new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
        await usage.GrantAsync("g-a", "ds-bus", "org-dev", "org-owner");
        await usage.GrantAsync("g-b", "ds-taxi", "org-other", "org-owner");
        await usage.UsedAsync("g-a", UseKind.SandboxQuery, 10, hour.AddMinutes(1), durationMs: 20);
        await usage.UsedAsync("g-a", UseKind.SandboxQuery, 5, hour.AddMinutes(30), durationMs: 30);
        await usage.UsedAsync("g-a", UseKind.Aggregate, 3, hour.AddMinutes(59).AddSeconds(59.999), durationMs: 50);
        await usage.UsedAsync("g-a", UseKind.Download, 100, hour.AddMinutes(40), durationMs: 400);
        await usage.DeniedAsync("g-a", hour.AddMinutes(45));
        await usage.UsedAsync("g-b", UseKind.SandboxQuery, 7, hour.AddMinutes(2), durationMs: 5);
        // Just outside the hour on either side: not counted.
        await usage.UsedAsync("g-a", UseKind.SandboxQuery, 1000, hour.AddMilliseconds(-1));
        await usage.UsedAsync("g-a", UseKind.SandboxQuery, 1000, hour.AddHours(1));

        var counted = await Rollup.RollUpHourAsync(hour, default);

        Assert.Equal(4 + 1 + 1, counted); // one record per use or refusal
        var buckets = await Rollup.ListAsync(null, hour, hour.AddHours(1), 100, default);
        Assert.Equal(
            [
                new UsageBucket(hour, "g-a", "ds-bus", "org-dev", "org-owner", Queries: 3, Downloads: 1, Rows: 118, Denied: 1, DurationMs: 500),
                new UsageBucket(hour, "g-b", "ds-taxi", "org-other", "org-owner", Queries: 1, Downloads: 0, Rows: 7, Denied: 0, DurationMs: 5),
            ],
            buckets);
        Assert.Equal(["g-b"], (await Rollup.ListAsync("org-other", hour, hour.AddHours(1), 100, default)).Select(b => b.GrantId));
    }

    [Fact]
    public async Task Given_a_rolled_up_hour_When_it_is_rolled_up_again_also_on_several_nodes_at_once_Then_the_buckets_are_the_same()
    {
        var hour = new DateTimeOffset(2026, 3, 11, 9, 0, 0, TimeSpan.Zero);
        await usage.GrantAsync("g-c", "ds-bus", "org-dev", "org-owner");
        await usage.UsedAsync("g-c", UseKind.SandboxQuery, 4, hour.AddMinutes(5));
        await usage.UsedAsync("g-c", UseKind.SandboxQuery, 6, hour.AddMinutes(6));
        await Rollup.RollUpHourAsync(hour, default);
        var first = await Rollup.ListAsync(null, hour, hour.AddHours(1), 100, default);

        await Rollup.RollUpHourAsync(hour, default);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new HourlyUsage(database.DataSource, TimeProvider.System).RollUpHourAsync(hour, default)));

        Assert.Equal(first, await Rollup.ListAsync(null, hour, hour.AddHours(1), 100, default));
        Assert.Equal(2, Assert.Single(first).Queries);
        // A rerun replaces the hour, it does not add to it: one more event gives exactly one more query.
        await usage.UsedAsync("g-c", UseKind.SandboxQuery, 1, hour.AddMinutes(7));
        await Rollup.RollUpHourAsync(hour, default);
        Assert.Equal(3, Assert.Single(await Rollup.ListAsync(null, hour, hour.AddHours(1), 100, default)).Queries);
    }

    [Fact]
    public async Task Given_the_current_hour_When_it_is_rolled_up_Then_it_is_refused_because_it_has_not_closed()
    {
        var open = HourlyUsage.HourOf(DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Rollup.RollUpHourAsync(open, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Rollup.RollUpHourAsync(open.AddHours(-2).AddMinutes(30), default));
    }

    [Fact]
    public async Task Given_some_hours_rolled_up_and_some_not_When_metered_queries_are_read_Then_they_equal_the_live_count()
    {
        var from = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        await usage.GrantAsync("g-d", "ds-bus", "org-dev", "org-owner");
        for (var h = 0; h < 6; h++)
        {
            await usage.UsedAsync("g-d", UseKind.SandboxQuery, 1, from.AddHours(h).AddMinutes(10));
            await usage.UsedAsync("g-d", UseKind.Download, 1, from.AddHours(h).AddMinutes(20));
        }
        var live = await Rollup.MeteredQueriesAsync(["g-d", "g-unused"], from, from.AddMonths(1), default);

        await Rollup.RollUpHourAsync(from.AddHours(1), default);
        await Rollup.RollUpHourAsync(from.AddHours(4), default);
        var mixed = await Rollup.MeteredQueriesAsync(["g-d", "g-unused"], from, from.AddMonths(1), default);
        for (var h = 0; h < 6; h++)
        {
            await Rollup.RollUpHourAsync(from.AddHours(h), default);
        }
        var rolled = await Rollup.MeteredQueriesAsync(["g-d", "g-unused"], from, from.AddMonths(1), default);

        Assert.Equal(6, live["g-d"]);
        Assert.Equal(0, live["g-unused"]);
        Assert.Equal(live, mixed);
        Assert.Equal(live, rolled);
        Assert.Equal(3, (await Rollup.MeteredQueriesAsync(["g-d"], from.AddHours(2), from.AddHours(5), default))["g-d"]);
    }

    [Fact]
    public async Task Given_hours_missed_while_every_node_was_down_When_the_roll_up_runs_Then_exactly_those_hours_are_rolled_up()
    {
        // The hourly fire is pushed a year away (29 February) so that only the enqueued run works.
        var settings = new Dictionary<string, string?>(UsageSettings) { ["Jobs:Schedule:UsageRollup"] = "0 0 29 2 *" };
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "rollup-node", settings, UsageEvents.AddUsageModules);
        var end = HourlyUsage.HourOf(DateTimeOffset.UtcNow - UsageRollupJob.SettleTime);
        DateTimeOffset[] missed = [end.AddHours(-20), end.AddHours(-10), end.AddHours(-5)];
        await MarkRolledUpAsync(end.AddHours(-60), end.AddHours(2), except: missed);
        await usage.GrantAsync("g-e", "ds-bus", "org-dev", "org-owner");
        await usage.UsedAsync("g-e", UseKind.SandboxQuery, 1, end.AddHours(-10).AddMinutes(3));

        var runId = node.Client.Enqueue<UsageRollupJob>(job => job.RunAsync(null!, CancellationToken.None));
        var run = await Eventually.ValueAsync(() => Task.FromResult(node.Runs.Get(runId)), r => r.State == JobRunState.Succeeded, "the roll-up run");

        Assert.Equal(new JobRunProgress(3, 3), run.Progress);
        Assert.Equal(missed.Length, await database.CountAsync(
            "SELECT count(*) FROM trading.usage_hours WHERE rolled_up_at > 'epoch' AND hour_start >= $1", end.AddHours(-60)));
        Assert.Equal(missed.Length, await database.CountAsync(
            "SELECT count(*) FROM trading.usage_hours WHERE rolled_up_at > 'epoch' AND hour_start = ANY($1)", missed));
        var bucket = Assert.Single(await new HourlyUsage(database.DataSource, TimeProvider.System).ListAsync(null, end.AddHours(-10), end.AddHours(-9), 10, default));
        Assert.Equal(("g-e", 1L), (bucket.GrantId, bucket.Queries));
    }

    [Fact]
    public async Task Given_a_host_with_the_roll_up_registered_When_the_scheduler_starts_Then_the_roll_up_is_scheduled_hourly()
    {
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "rollup-scheduled", UsageSettings, UsageEvents.AddUsageModules);
        using var connection = node.Services.GetRequiredService<JobStorage>().GetConnection();

        var rollup = Assert.Single(connection.GetRecurringJobs(), r => r.Id == JobNames.UsageRollup);

        Assert.Equal("5 * * * *", rollup.Cron);
    }

    [Fact]
    public async Task Given_now_and_the_hours_done_When_due_hours_are_computed_Then_they_are_the_settled_missing_ones_oldest_first()
    {
        var now = new DateTimeOffset(2026, 5, 1, 10, 1, 0, TimeSpan.Zero);
        var done = new FakeRollup([new(2026, 5, 1, 7, 0, 0, TimeSpan.Zero), new(2026, 5, 1, 5, 0, 0, TimeSpan.Zero)]);

        var due = await UsageRollupJob.DueHoursAsync(done, now, catchUpHours: 5, default);

        // At 10:01 the 09:00 hour has not settled yet; 04:00–08:00 is the window, 05:00 and 07:00 are done.
        Assert.Equal([new(2026, 5, 1, 4, 0, 0, TimeSpan.Zero), new(2026, 5, 1, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero)], due);
    }

    private static readonly Dictionary<string, string?> UsageSettings = new()
    {
        ["Ledger:KeyEncryptionKey"] = "jobs-test-key-encryption-key",
    };

    private async Task MarkRolledUpAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset[] except)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO trading.usage_hours (hour_start, events, rolled_up_at)
            SELECT h, 0, 'epoch' FROM generate_series($1::timestamptz, $2::timestamptz, interval '1 hour') h
            WHERE h <> ALL($3)
            ON CONFLICT (hour_start) DO UPDATE SET rolled_up_at = 'epoch'
            """);
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        command.Parameters.Add(new() { Value = except });
        await command.ExecuteNonQueryAsync();
    }

    private sealed class FakeRollup(IReadOnlyCollection<DateTimeOffset> done) : IUsageRollup
    {
        public Task<IReadOnlySet<DateTimeOffset>> RolledUpHoursAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlySet<DateTimeOffset>>(done.Where(h => h >= from && h < to).ToHashSet());

        public Task<long> RollUpHourAsync(DateTimeOffset hourStart, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
