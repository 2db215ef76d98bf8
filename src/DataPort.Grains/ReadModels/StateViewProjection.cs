using System.Text.Json;
using System.Text.Json.Serialization;
using DataPort.Domain.Common;
using DataPort.EventStore.Projections;
using JasperFx.Events;
using Npgsql;

namespace DataPort.Grains.ReadModels;

/// <summary>
/// An inline projection that keeps one row per stream holding the grain's whole state as <c>jsonb</c> plus the
/// columns lists filter on. It folds the appended events onto the row's stored state with the grain's own
/// decider. Inline (in the append's transaction) a list never disagrees with the grain it came from; run as an
/// async projection, events at or below the row's version are skipped, so a page delivered twice changes nothing.
/// </summary>
internal abstract class StateViewProjection<TState, TEvent>(IDecider<TState, object, TEvent> decider) : IInlineProjection
    where TState : class
    where TEvent : class
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected abstract string StreamType { get; }

    protected abstract string Table { get; }

    public async Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stream in events.Where(e => e.Data is TEvent).GroupBy(e => e.StreamKey!))
        {
            var id = stream.Key[(StreamType.Length + 1)..];
            var (state, version) = await LoadAsync(transaction, id, cancellationToken);
            var applied = false;
            foreach (var e in stream.Where(e => e.Version > version).OrderBy(e => e.Version))
            {
                state = decider.Evolve(state, (TEvent)e.Data);
                version = e.Version;
                applied = true;
            }
            if (applied)
            {
                await SaveAsync(transaction, id, state!, version, stream.Max(e => e.Timestamp), cancellationToken);
            }
        }
    }

    private async Task<(TState? State, long Version)> LoadAsync(NpgsqlTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT state::text, version FROM {Table} WHERE id = $1", transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (JsonSerializer.Deserialize<TState>(reader.GetString(0), Json), reader.GetInt64(1))
            : (null, 0);
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
