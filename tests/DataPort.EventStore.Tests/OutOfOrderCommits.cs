using DataPort.Testing;
using Npgsql;

namespace DataPort.EventStore.Tests;

public sealed class OutOfOrderCommits(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_an_open_transaction_below_a_committed_later_position_When_reading_committed_events_Then_the_later_one_waits_until_the_earlier_commits()
    {
        var store = new PostgresEventStore(database.DataSource, SampleEvents.Registry());
        var projection = new SeenProjection("out_of_order");
        await projection.CreateAsync(database.DataSource);
        var daemon = await Daemons.StartAsync(database.DataSource, projection);
        await store.AppendAsync("before", ExpectedVersion.Any, [new Counted(0, 0)], EventMetadata.None);
        var start = await Daemons.LastPositionAsync(database.DataSource);
        await Daemons.WaitForProgressAsync(database.DataSource, projection.Name, start);

        // The later writer takes its transaction id first, so by xid it is "older" than the earlier one:
        // a reader filtering only on xid < xmin would take position late and never see position early.
        await using var lateConnection = await database.DataSource.OpenConnectionAsync();
        await using var late = await lateConnection.BeginTransactionAsync();
        var lateXid = await XidAsync(late);
        await using var earlyConnection = await database.DataSource.OpenConnectionAsync();
        await using var early = await earlyConnection.BeginTransactionAsync();
        var earlyPosition = (await store.AppendAsync(early, "early", ExpectedVersion.Any, [new Counted(1, 1)], EventMetadata.None)).Positions[0];
        var latePosition = (await store.AppendAsync(late, "late", ExpectedVersion.Any, [new Counted(2, 2)], EventMetadata.None)).Positions[0];
        await late.CommitAsync();

        Assert.True(latePosition > earlyPosition);
        Assert.True(lateXid < await XidAsync(early), "the later event's writer is older than the open one, so it would pass an xid < xmin test");

        await using (var reader = await database.DataSource.OpenConnectionAsync())
        {
            var visible = await CommittedEventFeed.ReadAsync(reader, start, 100, TimeSpan.FromMilliseconds(300), CancellationToken.None);
            Assert.Empty(visible);
        }
        await Task.Delay(500);
        Assert.Equal(start, await Daemons.ProgressAsync(database.DataSource, projection.Name));

        await early.CommitAsync();

        await using (var reader = await database.DataSource.OpenConnectionAsync())
        {
            var visible = await CommittedEventFeed.ReadAsync(reader, start, 100, TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.Equal([earlyPosition, latePosition], visible.Select(e => e.Position));
        }
        await Daemons.WaitForProgressAsync(database.DataSource, projection.Name, latePosition);
        await daemon.StopAsync(CancellationToken.None);
        Assert.Equal((3, 0), await projection.CountAsync(database.DataSource));
    }

    [Fact]
    public async Task Given_a_rolled_back_append_between_two_commits_When_reading_committed_events_Then_the_hole_is_stepped_over()
    {
        var store = new PostgresEventStore(database.DataSource, SampleEvents.Registry());
        var first = (await store.AppendAsync("hole", ExpectedVersion.Any, [new Counted(0, 1)], EventMetadata.None)).Positions[0];
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await store.AppendAsync(transaction, "hole", ExpectedVersion.Any, [new Counted(0, 2)], EventMetadata.None);
            await transaction.RollbackAsync();
        }
        var third = (await store.AppendAsync("hole", ExpectedVersion.Any, [new Counted(0, 3)], EventMetadata.None)).Positions[0];

        await using var reader = await database.DataSource.OpenConnectionAsync();
        var visible = await CommittedEventFeed.ReadAsync(reader, first - 1, 100, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal([first, third], visible.Select(e => e.Position));
        Assert.Equal(first + 2, third);
    }

    private static async Task<long> XidAsync(NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", transaction.Connection, transaction);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
