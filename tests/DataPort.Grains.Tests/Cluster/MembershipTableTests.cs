using System.Net;
using DataPort.Grains.Cluster;
using DataPort.Testing;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace DataPort.Grains.Tests.Cluster;

/// <summary>The membership table's contract as Orleans relies on it: both etags guard every change, and a lost race writes nothing.</summary>
public sealed class MembershipTableTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_a_new_cluster_When_a_silo_joins_Then_its_row_and_the_next_table_version_are_written_together()
    {
        var table = await TableAsync();
        var empty = await table.ReadAll();

        var joined = await table.InsertRow(Entry(11111), empty.Version.Next());
        var after = await table.ReadAll();

        Assert.Equal(0, empty.Version.Version);
        Assert.Empty(empty.Members);
        Assert.True(joined);
        Assert.Equal(1, after.Version.Version);
        var (entry, _) = Assert.Single(after.Members);
        Assert.Equal((SiloStatus.Joining, "silo-11111", 31111), (entry.Status, entry.SiloName, entry.ProxyPort));
    }

    [Fact]
    public async Task Given_a_stale_table_version_When_a_silo_joins_or_changes_Then_nothing_is_written()
    {
        var table = await TableAsync();
        var stale = (await table.ReadAll()).Version;
        Assert.True(await table.InsertRow(Entry(11112), stale.Next()));

        var lateJoin = await table.InsertRow(Entry(11113), stale.Next());
        var current = await table.ReadAll();
        var (row, etag) = current.Members.Single(m => m.Item1.SiloAddress.Endpoint.Port == 11112);
        var lateChange = await table.UpdateRow(Active(row), etag, stale.Next());

        Assert.False(lateJoin);
        Assert.False(lateChange);
        Assert.DoesNotContain(current.Members, m => m.Item1.SiloAddress.Endpoint.Port == 11113);
        Assert.Equal(SiloStatus.Joining, (await table.ReadRow(row.SiloAddress)).Members.Single().Item1.Status);
    }

    [Fact]
    public async Task Given_a_row_When_two_writers_update_it_from_the_same_read_Then_only_the_first_wins_and_suspicions_round_trip()
    {
        var table = await TableAsync();
        var silo = Entry(11114);
        Assert.True(await table.InsertRow(silo, (await table.ReadAll()).Version.Next()));
        var read = await table.ReadRow(silo.SiloAddress);
        var (row, etag) = read.Members.Single();
        var suspector = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11199), 7);
        row.AddSuspector(suspector, new DateTime(2026, 12, 4, 8, 0, 0, DateTimeKind.Utc));

        var first = await table.UpdateRow(row, etag, read.Version.Next());
        var second = await table.UpdateRow(Active(row), etag, (await table.ReadAll()).Version.Next());

        Assert.True(first);
        Assert.False(second);
        var stored = (await table.ReadRow(silo.SiloAddress)).Members.Single().Item1;
        Assert.Equal(SiloStatus.Joining, stored.Status);
        var (by, at) = Assert.Single(stored.SuspectTimes!);
        Assert.Equal((suspector, new DateTime(2026, 12, 4, 8, 0, 0, DateTimeKind.Utc)), (by, at));
    }

    [Fact]
    public async Task Given_silos_When_one_heartbeats_and_dead_ones_are_cleaned_up_Then_only_old_dead_rows_go()
    {
        var table = await TableAsync();
        var alive = Entry(11115);
        var dead = Entry(11116);
        Assert.True(await table.InsertRow(alive, (await table.ReadAll()).Version.Next()));
        dead.Status = SiloStatus.Dead;
        dead.IAmAliveTime = DateTime.UtcNow.AddHours(-2);
        Assert.True(await table.InsertRow(dead, (await table.ReadAll()).Version.Next()));
        var versionBefore = (await table.ReadAll()).Version;

        alive.IAmAliveTime = DateTime.UtcNow.AddMinutes(1);
        await table.UpdateIAmAlive(alive);
        await table.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow.AddHours(-1));

        var after = await table.ReadAll();
        var (row, _) = Assert.Single(after.Members, m => m.Item1.SiloAddress.Endpoint.Port is 11115 or 11116);
        Assert.Equal(alive.SiloAddress, row.SiloAddress);
        Assert.Equal(alive.IAmAliveTime, row.IAmAliveTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(versionBefore, after.Version);
    }

    // Each test its own cluster id in the class's database: the rows of one never meet another's.
    private async Task<PostgresMembershipTable> TableAsync()
    {
        var table = new PostgresMembershipTable(database.DataSource,
            Options.Create(new ClusterOptions { ClusterId = "c-" + Guid.NewGuid().ToString("N"), ServiceId = "dataport" }));
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        return table;
    }

    private static MembershipEntry Entry(int port) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1),
        SiloName = $"silo-{port}",
        HostName = "localhost",
        RoleName = "dataport",
        Status = SiloStatus.Joining,
        ProxyPort = port + 20000,
        StartTime = DateTime.UtcNow,
        IAmAliveTime = DateTime.UtcNow,
        SuspectTimes = [],
    };

    private static MembershipEntry Active(MembershipEntry entry)
    {
        entry.Status = SiloStatus.Active;
        return entry;
    }
}
