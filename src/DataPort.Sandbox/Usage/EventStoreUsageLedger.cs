using DataPort.EventStore;

namespace DataPort.Sandbox.Usage;

/// <summary>
/// Puts each use on the event store (stream <c>grant-usage-&lt;grant id&gt;</c>, sealed into the audit ledger with
/// everything else) and keeps the sandbox's own query log too, so the sandbox can answer without the ledger.
/// </summary>
public sealed class EventStoreUsageLedger(IEventStore events, QueryLogLedger queryLog) : ISandboxUsageLedger
{
    public const string EventName = "sandbox.usage-recorded";

    public async Task RecordAsync(SandboxUsageRecorded usage, CancellationToken cancellationToken = default)
    {
        await events.AppendAsync(usage.StreamId, ExpectedVersion.Any, [usage],
            new EventMetadata(Actor: usage.RecordedBy, StreamType: "grant-usage"), cancellationToken);
        await queryLog.RecordAsync(usage, cancellationToken);
    }
}

/// <summary>Registers the sandbox's event with the event store's type registry.</summary>
public sealed class SandboxEventTypes : IConfigureEventTypes
{
    public void Configure(EventTypeRegistry registry) => registry.Register<SandboxUsageRecorded>(EventStoreUsageLedger.EventName);
}
