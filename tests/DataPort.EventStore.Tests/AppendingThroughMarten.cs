using DataPort.Testing;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace DataPort.EventStore.Tests;

public sealed class AppendingThroughMarten(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_metadata_When_appending_Then_Marten_stores_the_alias_actor_trace_and_headers_with_each_event()
    {
        using var events = new SampleEventStore(database.DataSource);
        var stream = $"grant-{Guid.NewGuid():N}";

        var appended = await events.Writer.AppendAsync(stream, 0, [SampleEvents.Issued("g-1"), new GrantRevoked("g-1", "u-2", "misuse")],
            new EventMetadata("u-1", "trace-1", "cause-1", new Dictionary<string, string> { ["ip"] = "10.0.0.1" }));

        Assert.Equal(2, appended.Version);
        await using var command = database.DataSource.CreateCommand(
            "SELECT type, user_name, correlation_id, causation_id, headers->>'ip', data->>'grantId' FROM events.mt_events WHERE stream_id = $1 ORDER BY version");
        command.Parameters.Add(new() { Value = stream });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, 6).Select(reader.GetString)));
        }
        Assert.Equal(["grant.issued|u-1|trace-1|cause-1|10.0.0.1|g-1", "grant.revoked|u-1|trace-1|cause-1|10.0.0.1|g-1"], rows);
    }

    [Fact]
    public async Task Given_a_stale_expected_version_When_appending_Then_Marten_refuses_and_nothing_is_written()
    {
        using var events = new SampleEventStore(database.DataSource);
        var stream = $"grant-{Guid.NewGuid():N}";
        await events.Writer.AppendAsync(stream, 0, [SampleEvents.Issued("g-2")], EventMetadata.None);

        await Assert.ThrowsAsync<EventStreamUnexpectedMaxEventIdException>(() =>
            events.Writer.AppendAsync(stream, 0, [SampleEvents.Issued("g-2")], EventMetadata.None));
        await Assert.ThrowsAsync<EventStreamUnexpectedMaxEventIdException>(() =>
            events.Writer.AppendAsync($"grant-{Guid.NewGuid():N}", 1, [SampleEvents.Issued("g-3")], EventMetadata.None));

        await using var session = events.Store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync(stream));
    }

    [Fact]
    public async Task Given_eight_writers_racing_on_one_version_When_appending_Then_exactly_one_wins()
    {
        using var events = new SampleEventStore(database.DataSource);
        var stream = $"grant-{Guid.NewGuid():N}";

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            try
            {
                await events.Writer.AppendAsync(stream, 0, [new Counted(writer, 0)], EventMetadata.None);
                return true;
            }
            catch (EventStreamUnexpectedMaxEventIdException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
    }

    [Fact]
    public async Task Given_eight_writers_appending_without_a_version_to_a_new_stream_When_racing_Then_every_event_lands()
    {
        using var events = new SampleEventStore(database.DataSource);
        var stream = $"organisation-{Guid.NewGuid():N}";

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer =>
            events.Writer.AppendAsync(stream, null, [new Counted(writer, 0)], EventMetadata.None)));

        await using var session = events.Store.QuerySession();
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L], (await session.Events.FetchStreamAsync(stream)).Select(e => e.Version));
    }

    [Fact]
    public async Task Given_an_inline_projection_When_appending_Then_it_runs_in_the_append_transaction_and_its_failure_writes_nothing()
    {
        await using (var create = database.DataSource.CreateCommand("CREATE TABLE IF NOT EXISTS public.issued_views (grant_id text PRIMARY KEY, version bigint)"))
        {
            await create.ExecuteNonQueryAsync();
        }
        using var projected = new SampleEventStore(database.DataSource, options => options.Projections.Add(new IssuedViews(), ProjectionLifecycle.Inline));
        using var failing = new SampleEventStore(database.DataSource, options =>
        {
            options.Projections.Add(new IssuedViews(), ProjectionLifecycle.Inline);
            options.Projections.Add(new Failing(), ProjectionLifecycle.Inline);
        });
        var grant = $"g-{Guid.NewGuid():N}";

        var appended = await projected.Writer.AppendAsync($"grant-{grant}", 0, [SampleEvents.Issued(grant)], EventMetadata.None);
        await Assert.ThrowsAsync<ApplyEventException>(() =>
            failing.Writer.AppendAsync($"grant-{grant}-2", 0, [SampleEvents.Issued(grant + "-2")], EventMetadata.None));

        await using var command = database.DataSource.CreateCommand(
            "SELECT (SELECT version FROM public.issued_views WHERE grant_id = $1), (SELECT count(*) FROM public.issued_views WHERE grant_id = $2), (SELECT count(*) FROM events.mt_events WHERE stream_id = $3)");
        command.Parameters.Add(new() { Value = grant });
        command.Parameters.Add(new() { Value = grant + "-2" });
        command.Parameters.Add(new() { Value = $"grant-{grant}-2" });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(appended.Version, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
        Assert.Equal(0, reader.GetInt64(2));
    }

    private sealed class IssuedViews : EventProjection
    {
        public IssuedViews() => IncludeType<GrantIssued>();

        public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
        {
            // Marten's quick append numbers versions before the write but positions only in it: inline, the version is known.
            operations.QueueSqlCommand("INSERT INTO public.issued_views VALUES (?, ?)", ((GrantIssued)e.Data).GrantId, e.Version);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Failing : EventProjection
    {
        public Failing() => IncludeType<GrantIssued>();

        public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation) =>
            throw new InvalidOperationException("projection failed");
    }
}
