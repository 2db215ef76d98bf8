using System.Text.Json;
using DataPort.Testing;

namespace DataPort.EventStore.Tests;

public sealed class AppendingEvents(TestDatabase database) : IClassFixture<TestDatabase>
{
    private PostgresEventStore Store() => new(database.DataSource, SampleEvents.Registry());

    private static string NewStream() => $"grant-{Guid.NewGuid():N}";

    [Fact]
    public async Task Given_no_stream_When_appending_two_events_Then_both_read_back_in_order_with_metadata()
    {
        var store = Store();
        var stream = NewStream();
        var metadata = new EventMetadata("u-1", "corr-1", "cause-1", new Dictionary<string, string> { ["ip"] = "10.0.0.1" }, "grant");

        var result = await store.AppendAsync(stream, ExpectedVersion.NoStream,
            [SampleEvents.Issued(stream), new GrantRevoked(stream, "u-2", "expired")], metadata);

        Assert.Equal(2, result.StreamVersion);
        Assert.Equal(2, result.Positions.Count);
        Assert.True(result.Positions[1] > result.Positions[0]);
        var events = await store.ReadStreamAsync(stream);
        Assert.Equal([1L, 2L], events.Select(e => e.Version));
        Assert.Equal(SampleEvents.Issued(stream), events[0].Data);
        Assert.Equal("grant.revoked", events[1].TypeName);
        Assert.Equal("u-1", events[0].Metadata.Actor);
        Assert.Equal("corr-1", events[0].Metadata.CorrelationId);
        Assert.Equal("cause-1", events[0].Metadata.CausationId);
        Assert.Equal("10.0.0.1", events[0].Metadata.Headers!["ip"]);
        Assert.Equal(2, await store.GetStreamVersionAsync(stream));
        Assert.Single(await store.ReadStreamAsync(stream, fromVersion: 2));
    }

    [Fact]
    public async Task Given_a_stream_at_version_2_When_appending_with_expected_1_Then_concurrency_exception_carries_actual_2()
    {
        var store = Store();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [SampleEvents.Issued(stream), SampleEvents.Issued(stream)], EventMetadata.None);

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            store.AppendAsync(stream, ExpectedVersion.Exact(1), [SampleEvents.Issued(stream)], EventMetadata.None));

        Assert.Equal(2, error.ActualVersion);
        Assert.Equal(ExpectedVersion.Exact(1), error.Expected);
        Assert.Equal(2, (await store.ReadStreamAsync(stream)).Count);
    }

    [Fact]
    public async Task Given_an_existing_stream_When_appending_with_no_stream_Then_refused()
    {
        var store = Store();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [SampleEvents.Issued(stream)], EventMetadata.None);

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            store.AppendAsync(stream, ExpectedVersion.NoStream, [SampleEvents.Issued(stream)], EventMetadata.None));

        Assert.Equal(1, error.ActualVersion);
    }

    [Fact]
    public async Task Given_no_stream_When_appending_with_an_exact_version_Then_refused_with_actual_0()
    {
        var stream = NewStream();
        var error = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            Store().AppendAsync(stream, ExpectedVersion.Exact(3), [SampleEvents.Issued(stream)], EventMetadata.None));
        Assert.Equal(0, error.ActualVersion);
    }

    [Fact]
    public async Task Given_any_expected_version_When_appending_twice_Then_versions_continue()
    {
        var store = Store();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.Any, [SampleEvents.Issued(stream)], EventMetadata.None);
        var second = await store.AppendAsync(stream, ExpectedVersion.Any, [SampleEvents.Issued(stream)], EventMetadata.None);
        Assert.Equal(2, second.StreamVersion);
    }

    [Fact]
    public async Task Given_ten_racing_writers_with_the_same_expected_version_When_appending_Then_exactly_one_wins()
    {
        var store = Store();
        var stream = NewStream();
        await store.AppendAsync(stream, ExpectedVersion.NoStream, [SampleEvents.Issued(stream)], EventMetadata.None);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await store.AppendAsync(stream, ExpectedVersion.Exact(1), [new Counted(i, 0)], EventMetadata.None);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(won => won));
        Assert.Equal(2, await store.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task Given_an_unregistered_event_type_When_appending_Then_refused_before_writing()
    {
        var stream = NewStream();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store().AppendAsync(stream, ExpectedVersion.Any, [new { Anonymous = true }], EventMetadata.None));
        Assert.Equal(0, await Store().GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task Given_an_event_stored_under_an_old_name_When_read_with_an_upcaster_Then_it_comes_back_as_the_new_type()
    {
        var stream = NewStream();
        var oldRegistry = new EventTypeRegistry().Register<OldGrantIssued>("grant.issued.v1");
        await new PostgresEventStore(database.DataSource, oldRegistry)
            .AppendAsync(stream, ExpectedVersion.NoStream, [new OldGrantIssued(stream, "u-9")], EventMetadata.None);

        var registry = SampleEvents.Registry().Upcast("grant.issued.v1", json => new GrantIssued(
            json.GetProperty("id").GetString()!, json.GetProperty("by").GetString()!, DateTimeOffset.UnixEpoch));
        var events = await new PostgresEventStore(database.DataSource, registry).ReadStreamAsync(stream);

        Assert.Equal(new GrantIssued(stream, "u-9", DateTimeOffset.UnixEpoch), events.Single().Data);
    }

    [Fact]
    public async Task Given_an_unknown_type_name_When_reading_Then_the_raw_json_comes_back()
    {
        var stream = NewStream();
        await Store().AppendAsync(stream, ExpectedVersion.NoStream, [SampleEvents.Issued(stream)], EventMetadata.None);
        var events = await new PostgresEventStore(database.DataSource, new EventTypeRegistry()).ReadStreamAsync(stream);
        var json = Assert.IsType<JsonElement>(events.Single().Data);
        Assert.Equal(stream, json.GetProperty("grantId").GetString());
    }

    [Fact]
    public async Task Given_appended_events_When_reading_all_in_batches_Then_positions_increase_without_repeats()
    {
        var store = Store();
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [new Counted(0, i)], EventMetadata.None);
        }
        var seen = new List<long>();
        long from = 0;
        while (true)
        {
            var batch = await store.ReadAllAsync(from, batchSize: 2);
            if (batch.Count == 0)
            {
                break;
            }
            seen.AddRange(batch.Select(e => e.Position));
            from = batch[^1].Position;
        }
        Assert.True(seen.Count >= 5);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
    }

    private sealed record OldGrantIssued(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("by")] string By);
}
