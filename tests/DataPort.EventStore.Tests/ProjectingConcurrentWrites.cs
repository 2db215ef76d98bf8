using DataPort.Testing;

namespace DataPort.EventStore.Tests;

public sealed class ProjectingConcurrentWrites(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Writers = 8;
    private const int EventsPerWriter = 1500;

    [Fact]
    public async Task Given_8_writers_with_some_rollbacks_When_the_daemon_runs_alongside_Then_every_committed_event_is_projected_exactly_once()
    {
        var projection = new SeenProjection("concurrent");
        await projection.CreateAsync(database.DataSource);
        var daemon = await Daemons.StartAsync(database.DataSource, projection);
        var store = new PostgresEventStore(database.DataSource, SampleEvents.Registry());

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < EventsPerWriter; i++)
            {
                var stream = $"writer-{writer}-{i % 40}";
                if (i % 97 == 0)
                {
                    // A rolled-back append leaves a permanent hole in the positions that the daemon must step over.
                    await using var connection = await database.DataSource.OpenConnectionAsync();
                    await using var transaction = await connection.BeginTransactionAsync();
                    await store.AppendAsync(transaction, stream, ExpectedVersion.Any, [new Counted(writer, -i)], EventMetadata.None);
                    await transaction.RollbackAsync();
                }
                await store.AppendAsync(stream, ExpectedVersion.Any, [new Counted(writer, i)], EventMetadata.None);
            }
        })));

        await Daemons.WaitForProgressAsync(database.DataSource, projection.Name, await Daemons.LastPositionAsync(database.DataSource));
        await daemon.StopAsync(CancellationToken.None);

        var (count, duplicates) = await projection.CountAsync(database.DataSource);
        Assert.Equal(Writers * EventsPerWriter, count);
        Assert.Equal(0, duplicates);
        Assert.Equal(0, await projection.MismatchesAsync(database.DataSource));
        for (var writer = 0; writer < Writers; writer++)
        {
            var events = await store.ReadStreamAsync($"writer-{writer}-0");
            Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
        }
    }
}
