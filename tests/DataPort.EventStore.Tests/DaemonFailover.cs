using DataPort.EventStore.Projections;
using DataPort.Testing;

namespace DataPort.EventStore.Tests;

public sealed class DaemonFailover(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_two_daemons_When_the_leader_dies_mid_stream_Then_the_standby_takes_over_and_no_event_is_lost_or_repeated()
    {
        var projection = new SeenProjection("failover");
        await projection.CreateAsync(database.DataSource);
        var store = new PostgresEventStore(database.DataSource, SampleEvents.Registry());
        await using var sourceA = Daemons.NamedSource(database.ConnectionString, "daemon-a");
        await using var sourceB = Daemons.NamedSource(database.ConnectionString, "daemon-b");

        var daemonA = await Daemons.StartAsync(sourceA, projection);
        await WaitForLeaderAsync("daemon-a", projection.Name);
        var daemonB = await Daemons.StartAsync(sourceB, projection);

        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++)
            {
                await store.AppendAsync($"failover-{i % 10}", ExpectedVersion.Any, [new Counted(0, i)], EventMetadata.None);
            }
        });
        await Task.Delay(300);
        Assert.Equal("daemon-a", await LeaderAsync(projection.Name));

        // A dies: its sessions are cut (lock and any half-done batch go with them) and it never comes back.
        await TerminateAsync("daemon-a");
        await daemonA.StopAsync(new CancellationToken(canceled: true));

        await WaitForLeaderAsync("daemon-b", projection.Name);
        await Task.Delay(300);
        await writing.CancelAsync();
        await writer;
        await Daemons.WaitForProgressAsync(database.DataSource, projection.Name, await Daemons.LastPositionAsync(database.DataSource));
        await daemonB.StopAsync(CancellationToken.None);

        var (count, duplicates) = await projection.CountAsync(database.DataSource);
        Assert.True(count > 0);
        Assert.Equal(0, duplicates);
        Assert.Equal(0, await projection.MismatchesAsync(database.DataSource));
    }

    [Fact]
    public async Task Given_a_projected_log_When_rebuilding_Then_the_daemon_replays_it_from_zero_once()
    {
        var projection = new SeenProjection("rebuild");
        await projection.CreateAsync(database.DataSource);
        var store = new PostgresEventStore(database.DataSource, SampleEvents.Registry());
        for (var i = 0; i < 20; i++)
        {
            await store.AppendAsync($"rebuild-{i}", ExpectedVersion.NoStream, [new Counted(0, i)], EventMetadata.None);
        }
        var last = await Daemons.LastPositionAsync(database.DataSource);
        var daemon = await Daemons.StartAsync(database.DataSource, projection);
        await Daemons.WaitForProgressAsync(database.DataSource, projection.Name, last);
        // Stopped while the reset is checked: a running daemon may replay the 20 events before the count is read.
        await daemon.StopAsync(CancellationToken.None);

        await ProjectionDaemon.RebuildAsync(database.DataSource, projection, CancellationToken.None);
        Assert.Equal(0, (await projection.CountAsync(database.DataSource)).Count);
        daemon = await Daemons.StartAsync(database.DataSource, projection);
        await Daemons.WaitForProgressAsync(database.DataSource, projection.Name, last);
        await daemon.StopAsync(CancellationToken.None);

        Assert.Equal(0, (await projection.CountAsync(database.DataSource)).Duplicates);
        Assert.Equal(0, await projection.MismatchesAsync(database.DataSource));
    }

    private async Task<string?> LeaderAsync(string projectionName)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted
              AND ((l.classid::bigint << 32) | l.objid::bigint) = $1
            """);
        command.Parameters.Add(new() { Value = ProjectionLocks.ProjectionKey(projectionName) });
        return (string?)await command.ExecuteScalarAsync();
    }

    private async Task WaitForLeaderAsync(string applicationName, string projectionName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await LeaderAsync(projectionName) != applicationName)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{applicationName} never took the lock");
            await Task.Delay(20);
        }
    }

    private async Task TerminateAsync(string applicationName)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()");
        command.Parameters.Add(new() { Value = applicationName });
        await command.ExecuteScalarAsync();
    }
}
