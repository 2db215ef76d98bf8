using System.Diagnostics;
using DataPort.Domain.Common;
using DataPort.EventStore;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using Orleans;

namespace DataPort.Grains.EventSourcing;

/// <summary>
/// An Orleans grain whose state is the fold of its event stream. Activation reads the stream; reads are answered
/// from memory (Orleans keeps one activation per key in the whole cluster); each command is decided on that state
/// and appended with its version as the expected version. That check stays as the safety net for a writer outside
/// the grain and for the moment of a membership change: when someone else appended first, the grain catches up from
/// the stream and decides again (up to <see cref="GrainOptions.MaxConcurrencyRetries"/> times), so the outcome is as
/// if the commands had run one after the other and no update is lost.
/// </summary>
/// <remarks>
/// No snapshots: asset and dataset streams stay short, and a grant's usage events are read once per
/// activation, which stays warm until <see cref="GrainOptions.IdleTimeout"/>. If grant streams grow into the thousands, a snapshot event every N
/// versions (read the stream backwards to the latest snapshot) is the place to add it.
/// </remarks>
public abstract class EventSourcedGrain<TState, TCommand, TEvent>(
    IDocumentStore store, EventWriter writer, IDecider<TState, TCommand, TEvent> decider, IOptions<GrainOptions> options) : Grain
    where TState : class
    where TEvent : class
{
    private TState? state;
    private long version;

    /// <summary>The stream id's prefix (<c>grant-{key}</c>).</summary>
    protected abstract string StreamType { get; }

    protected string PrimaryKey => this.GetPrimaryKeyString();

    protected string StreamId => $"{StreamType}-{PrimaryKey}";

    protected TState? State => state;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => CatchUpAsync(cancellationToken);

    /// <summary>The current state, from memory: every change to the stream goes through this one activation.</summary>
    protected Task<Versioned<TState>?> ReadAsync() => Task.FromResult(state is null ? null : new Versioned<TState>(state, version));

    /// <summary>
    /// Decides <paramref name="command"/> and appends its events. With <paramref name="expectedVersion"/> (from
    /// <c>If-Match</c>) the caller insists on the version it saw: any difference is a conflict, never retried.
    /// </summary>
    protected async Task<Versioned<TState>> ExecuteAsync(
        TCommand command, string actor, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (expectedVersion is { } expected && expected != version)
            {
                throw new GrainConcurrencyException(StreamId, expected, version,
                    $"{StreamId} is at version {version}, not {expected}: read it again and retry.");
            }
            var events = decider.Decide(state, command);
            if (events.Count == 0)
            {
                return Current();
            }
            try
            {
                var reached = await writer.AppendAsync(StreamId, version, [.. events],
                    new EventMetadata(actor, Activity.Current?.TraceId.ToString()), cancellationToken);
                foreach (var e in events)
                {
                    state = decider.Evolve(state, e);
                }
                version = reached.Version;
                return Current();
            }
            catch (EventStreamUnexpectedMaxEventIdException)
            {
                await CatchUpAsync(cancellationToken);
                if (attempt >= options.Value.MaxConcurrencyRetries)
                {
                    throw new GrainConcurrencyException(StreamId, expectedVersion, version,
                        $"{StreamId} kept changing under {attempt + 1} attempts; try again.");
                }
            }
        }
    }

    private Versioned<TState> Current() =>
        new(state ?? throw new InvalidOperationException($"{StreamId} has no state after a command."), version);

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamId, fromVersion: version + 1, token: cancellationToken);
        foreach (var stored in events)
        {
            if (stored.Data is not TEvent e)
            {
                throw new InvalidOperationException(
                    $"{StreamId} version {stored.Version} holds '{stored.EventTypeName}', which is not a {typeof(TEvent).Name}: is the event type registered?");
            }
            state = decider.Evolve(state, e);
            version = stored.Version;
        }
    }
}
