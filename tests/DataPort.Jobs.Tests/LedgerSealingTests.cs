using DataPort.EventStore;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Jobs.Tests;

public sealed class Given_a_host_with_the_event_store(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    [Fact]
    public async Task When_events_are_appended_Then_they_are_sealed_as_a_recorded_run_and_fires_with_nothing_to_seal_leave_no_row()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ledger:KeyEncryptionKey"] = "jobs-test-key-encryption-key",
            ["Jobs:Schedule:LedgerSealing"] = "00:00:01",
        };
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "node-a", settings, builder =>
        {
            builder.AddDataPortEventStore();
            builder.Services.AddSingleton<IConfigureMarten, LedgerTestEventTypes>();
        });
        var events = node.Services.GetRequiredService<EventWriter>();
        const string sealedRuns = "SELECT count(*) FROM jobs.runs WHERE job = 'ledger-sealing' AND state = 'succeeded'";

        await events.AppendAsync("ledger-test-1", null, [new LedgerTestEvent("first")], new EventMetadata(Actor: "test"));
        await Eventually.TrueAsync(async () => await database.CountAsync(sealedRuns) >= 1, "a sealing run");
        var afterFirst = await database.CountAsync(sealedRuns);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(afterFirst, await database.CountAsync(sealedRuns));
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM jobs.runs WHERE job = 'ledger-sealing' AND state <> 'succeeded'"));
        await events.AppendAsync("ledger-test-1", null, [new LedgerTestEvent("second")], new EventMetadata(Actor: "test"));
        await Eventually.TrueAsync(async () => await database.CountAsync(sealedRuns) > afterFirst, "a second sealing run");
    }

    [Fact]
    public async Task Given_no_event_store_When_the_scheduler_starts_Then_sealing_is_not_scheduled()
    {
        await using var node = await JobsNode.StartAsync(database.ConnectionString, "node-b");
        var scheduler = await node.SchedulerAsync();

        Assert.False(await scheduler.Exists(new Quartz.TriggerKey(JobSchedule.LedgerSealing.Name, JobSchedule.RecurringTriggerGroup)));
    }
}

/// <summary>An event for the ledger to seal; registered by name when the test host starts.</summary>
public sealed record LedgerTestEvent(string Note);

public sealed class LedgerTestEventTypes : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions options) => options.Events.MapEventType<LedgerTestEvent>("test.ledger-note");
}
