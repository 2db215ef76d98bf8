using System.Text.Json;
using System.Text.Json.Serialization;
using DataPort.Domain.Common;
using DataPort.EventStore;
using DataPort.EventStore.Projections;
using Npgsql;

namespace DataPort.Grains.ReadModels;

/// <summary>
/// An inline projection that keeps one row per stream holding the grain's whole state as <c>jsonb</c> plus the
/// columns lists filter on. It folds the appended events onto the row's stored state with the grain's own
/// decider, in the append's transaction, so a list never disagrees with the grain it came from.
/// </summary>
internal abstract class StateViewProjection<TState, TEvent>(IDecider<TState, object, TEvent> decider) : IInlineProjection
    where TState : class
    where TEvent : class
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected abstract string StreamType { get; }

    protected abstract string Table { get; }

    public async Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stream in events.Where(e => e.Data is TEvent).GroupBy(e => e.StreamId))
        {
            var id = stream.Key[(StreamType.Length + 1)..];
            var state = await LoadAsync(transaction, id, cancellationToken);
            long version = 0;
            foreach (var stored in stream.OrderBy(e => e.Version))
            {
                state = decider.Evolve(state, (TEvent)stored.Data);
                version = stored.Version;
            }
            await SaveAsync(transaction, id, state!, version, stream.Max(e => e.Timestamp), cancellationToken);
        }
    }

    private async Task<TState?> LoadAsync(NpgsqlTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT state::text FROM {Table} WHERE id = $1", transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<TState>(json, Json) : null;
    }

    protected abstract Task SaveAsync(NpgsqlTransaction transaction, string id, TState state, long version, DateTimeOffset at, CancellationToken cancellationToken);

    protected static string Serialize(TState state) => JsonSerializer.Serialize(state, Json);
}

/// <summary>Lets the typed deciders serve the projection, which receives events as plain objects.</summary>
internal sealed class EvolveOnly<TState, TCommand, TEvent>(IDecider<TState, TCommand, TEvent> inner) : IDecider<TState, object, TEvent>
    where TState : class
{
    public IReadOnlyList<TEvent> Decide(TState? state, object command) => throw new NotSupportedException("Projections only evolve state.");

    public TState Evolve(TState? state, TEvent @event) => inner.Evolve(state, @event);
}
