using System.Collections.Concurrent;
using DataPort.EventStore.Projections;
using DataPort.Testing;
using JasperFx.Events;
using Npgsql;

namespace DataPort.EventStore.Tests;

/// <summary>An <see cref="IAsyncProjection"/> as a Marten subscription on the async daemon, with writers racing beside it.</summary>
public sealed class FollowingTheLog(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_concurrent_writers_When_the_daemon_catches_up_Then_the_projection_saw_every_event_once_in_order()
    {
        var seen = new Recorder();
        using var events = new SampleEventStore(database.DataSource, options =>
            options.Events.Subscribe(new ProjectionSubscription("recorder", [typeof(Counted)], () => seen, database.DataSource)));
        using var daemon = await events.Store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();

        var positions = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var appended = await events.Writer.AppendAsync($"follow-{writer}", null, [new Counted(writer, i)], EventMetadata.None);
                positions.Add(appended.Positions[0]);
            }
        })));
        await daemon.CatchUpAsync(CancellationToken.None);
        await daemon.StopAllAsync();

        Assert.Equal(positions.Order(), seen.Positions);
    }

    private sealed class Recorder : IAsyncProjection
    {
        public List<long> Positions { get; } = [];

        public Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
        {
            Positions.AddRange(events.Where(e => e.Data is Counted).Select(e => e.Sequence));
            return Task.CompletedTask;
        }
    }
}
