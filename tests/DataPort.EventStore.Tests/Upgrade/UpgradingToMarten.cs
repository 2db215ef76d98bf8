using DataPort.Database;
using DataPort.EventStore.Ledger;
using DataPort.EventStore.Tests.Ledger;
using DataPort.ReadModels;
using DataPort.Testing;

namespace DataPort.EventStore.Tests.Upgrade;

/// <summary>
/// <c>before-marten.sql</c> is a database made by DataPort before the event history moved onto Marten (commit bb66d36):
/// the demo catalog imported through the grains, two organisation events appended with <c>events.append</c> (one
/// rolled back between them, leaving a hole), everything up to position 155 sealed under two signed checkpoints
/// (152 and 154) and one event left unsealed. Its ledger key is protected by <c>test-ledger-secret</c>. To make such a
/// file again: <c>dataport db migrate</c>, <c>catalog import catalogs</c> and <c>ledger seal</c> with that commit's CLI,
/// then <c>pg_dump --inserts --no-owner --no-privileges</c> without comments and psql meta-commands.
/// </summary>
public sealed class UpgradingToMarten : IAsyncLifetime
{
    private readonly EmptyTestDatabase database = new();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        var dump = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Upgrade", "before-marten.sql"));
        await using var restore = database.DataSource.CreateCommand(dump);
        await restore.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Given_a_database_made_before_Marten_When_migrated_Then_every_event_moved_with_its_position_and_the_ledger_still_verifies()
    {
        var ledger = new PostgresLedger(database.DataSource, LedgerScenario.Options());

        var report = await new Migrator(database.DataSource, ReadModelSchema.Configure).MigrateAsync();

        Assert.Equal(["0203_openiddict", "0204_users_on_identity", "0303_quartz_removed", "0700_cluster_membership", "0900_events_on_marten", "0901_read_models_on_marten"], report.Applied);
        Assert.Equal((156L, 157L), await ScalarsAsync("SELECT count(*), max(seq_id) FROM events.mt_events"));
        Assert.Equal((155L, 156L), await ScalarsAsync("""
            SELECT (data->>'eventsCopied')::bigint, (data->>'lastPosition')::bigint FROM events.mt_events
            WHERE seq_id = 157 AND type = 'platform.event-store-moved'
            """));
        var after = await ledger.VerifyAsync();
        Assert.True(after.Intact, after.ToString());
        Assert.Equal(2, after.CheckpointsVerified);
        Assert.Equal(154, after.EntriesVerified);
    }

    [Fact]
    public async Task Given_a_migrated_database_When_Marten_appends_and_the_ledger_seals_Then_a_signed_checkpoint_covers_the_switch_and_the_chain_continues()
    {
        await new Migrator(database.DataSource, ReadModelSchema.Configure).MigrateAsync();
        using var events = new SampleEventStore(database.DataSource);
        var ledger = new PostgresLedger(database.DataSource, LedgerScenario.Options());

        var appended = await events.Writer.AppendAsync("grant-after-upgrade", 0, [SampleEvents.Issued("after-upgrade")],
            new EventMetadata("u-1", "trace-after"));
        await events.AdvanceHighWaterMarkAsync();
        var sealedNow = await ledger.SealPendingAsync();

        Assert.Equal(158, appended.Positions[0]);
        // The event left unsealed before the upgrade, the switch, and the new one.
        Assert.Equal(3, sealedNow.EntriesSealed);
        Assert.Equal(157, sealedNow.TreeSize);
        Assert.Equal(157, sealedNow.Checkpoint!.TreeSize);
        var online = await ledger.VerifyAsync();
        Assert.True(online.Intact, online.ToString());
        Assert.Equal(3, online.CheckpointsVerified);
        var file = Path.GetTempFileName();
        try
        {
            await using (var output = File.Create(file))
            {
                await ledger.ExportAsync(output);
            }
            Assert.Equal(online with { Problem = null }, (await LedgerVerifier.VerifyFileAsync(file)) with { Problem = null });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Given_a_migrated_database_When_reading_a_stream_written_before_Then_Marten_reads_it_and_appends_after_its_last_version()
    {
        await new Migrator(database.DataSource, ReadModelSchema.Configure).MigrateAsync();
        using var events = new SampleEventStore(database.DataSource, options =>
        {
            options.Events.MapEventType<AppsSuspended>("organisation.apps-suspended");
            options.Events.MapEventType<AppsResumed>("organisation.apps-resumed");
        });
        await using var session = events.Store.QuerySession();

        var stream = await session.Events.FetchStreamAsync("organisation-o-upgrade");
        var state = await session.Events.FetchStreamStateAsync("organisation-o-upgrade");

        Assert.Equal([1L, 2L, 3L], stream.Select(e => e.Version));
        Assert.Equal("整改完成 fixed", ((AppsResumed)stream[1].Data).Reason);
        Assert.Equal("u-regulator", stream[0].UserName);
        Assert.Equal("trace-1", stream[0].CorrelationId);
        Assert.Equal(3, state!.Version);
        await Assert.ThrowsAsync<JasperFx.Events.EventStreamUnexpectedMaxEventIdException>(() =>
            events.Writer.AppendAsync("organisation-o-upgrade", 2, [new Counted(1, 1)], EventMetadata.None));
        Assert.Equal(4, (await events.Writer.AppendAsync("organisation-o-upgrade", 3, [new Counted(1, 1)], EventMetadata.None)).Version);
    }

    [Fact]
    public async Task Given_a_migrated_database_When_a_subscription_follows_the_whole_history_Then_it_reads_only_its_own_types_and_never_stalls_on_others()
    {
        await new Migrator(database.DataSource, ReadModelSchema.Configure).MigrateAsync();
        var seen = new List<string>();
        using var events = new SampleEventStore(database.DataSource, options =>
        {
            options.Events.MapEventType<AppsSuspended>("organisation.apps-suspended");
            options.Events.MapEventType<AppsResumed>("organisation.apps-resumed");
            options.Events.Subscribe(new Projections.ProjectionSubscription(
                "organisation-changes", [typeof(AppsSuspended), typeof(AppsResumed)], () => new Recorder(seen), database.DataSource));
        });
        using var daemon = await events.Store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();

        await daemon.CatchUpAsync(TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.Equal(["organisation.apps-suspended", "organisation.apps-resumed", "organisation.apps-suspended"], seen);
    }

    private sealed class Recorder(List<string> seen) : Projections.IAsyncProjection
    {
        public Task ApplyAsync(Npgsql.NpgsqlTransaction transaction, IReadOnlyList<JasperFx.Events.IEvent> events, CancellationToken cancellationToken)
        {
            seen.AddRange(events.Where(e => e.Data is AppsSuspended or AppsResumed).Select(e => e.EventTypeName));
            return Task.CompletedTask;
        }
    }

    private sealed record AppsSuspended(string OrganisationId, string Reason);

    private sealed record AppsResumed(string OrganisationId, string Reason);

    private async Task<(long, long)> ScalarsAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
