using DataPort.EventStore;

namespace DataPort.Jobs.Tests;

public sealed class Given_a_host_with_the_event_store(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_the_scheduler_runs_Then_the_ledger_is_sealed_every_few_seconds_as_recorded_runs()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ledger:KeyEncryptionKey"] = "jobs-test-key-encryption-key",
            ["Jobs:Schedule:LedgerSealing"] = "00:00:01",
        };
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "node-a", settings, builder => builder.AddDataPortEventStore());

        await Eventually.TrueAsync(
            async () => await database.CountAsync("SELECT count(*) FROM jobs.runs WHERE job = 'ledger-sealing' AND state = 'succeeded'") >= 2,
            "two sealing runs");
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM jobs.runs WHERE job = 'ledger-sealing' AND state = 'failed'"));
    }

    [Fact]
    public async Task Given_no_event_store_When_the_scheduler_starts_Then_sealing_is_not_scheduled()
    {
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "node-b");
        var scheduler = await node.SchedulerAsync();

        Assert.False(await scheduler.Exists(new Quartz.TriggerKey(JobSchedule.LedgerSealing.Name, JobSchedule.RecurringTriggerGroup)));
    }
}
