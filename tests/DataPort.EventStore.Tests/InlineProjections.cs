using DataPort.EventStore.Projections;
using DataPort.Testing;
using Npgsql;

namespace DataPort.EventStore.Tests;

public sealed class InlineProjections(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var command = database.DataSource.CreateCommand(
            "CREATE TABLE IF NOT EXISTS public.grant_view (grant_id text PRIMARY KEY, revoked boolean NOT NULL, version bigint NOT NULL)");
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Given_an_inline_projection_When_appending_Then_the_view_is_current_as_soon_as_the_append_returns()
    {
        var store = new PostgresEventStore(database.DataSource, SampleEvents.Registry(), [new GrantView()]);

        await store.AppendAsync("grant-a", ExpectedVersion.NoStream, [SampleEvents.Issued("grant-a")], EventMetadata.None);
        Assert.Equal((false, 1L), await ReadViewAsync("grant-a"));
        await store.AppendAsync("grant-a", ExpectedVersion.Exact(1), [new GrantRevoked("grant-a", "u-2", "misuse")], EventMetadata.None);

        Assert.Equal((true, 2L), await ReadViewAsync("grant-a"));
    }

    [Fact]
    public async Task Given_a_failing_inline_projection_When_appending_Then_the_events_are_rolled_back_too()
    {
        var store = new PostgresEventStore(database.DataSource, SampleEvents.Registry(), [new GrantView(), new Failing()]);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.AppendAsync("grant-b", ExpectedVersion.NoStream, [SampleEvents.Issued("grant-b")], EventMetadata.None));

        Assert.Equal(0, await store.GetStreamVersionAsync("grant-b"));
        Assert.Null(await ReadViewAsync("grant-b"));
    }

    private async Task<(bool Revoked, long Version)?> ReadViewAsync(string grantId)
    {
        await using var command = database.DataSource.CreateCommand("SELECT revoked, version FROM public.grant_view WHERE grant_id = $1");
        command.Parameters.Add(new() { Value = grantId });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetBoolean(0), reader.GetInt64(1)) : null;
    }

    private sealed class GrantView : IInlineProjection
    {
        public async Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
        {
            foreach (var stored in events)
            {
                var (grantId, revoked) = stored.Data switch
                {
                    GrantIssued issued => (issued.GrantId, false),
                    GrantRevoked revokedEvent => (revokedEvent.GrantId, true),
                    _ => (null, false),
                };
                if (grantId is null)
                {
                    continue;
                }
                await using var command = new NpgsqlCommand("""
                    INSERT INTO public.grant_view (grant_id, revoked, version) VALUES ($1, $2, $3)
                    ON CONFLICT (grant_id) DO UPDATE SET revoked = excluded.revoked, version = excluded.version
                    """, transaction.Connection, transaction);
                command.Parameters.Add(new() { Value = grantId });
                command.Parameters.Add(new() { Value = revoked });
                command.Parameters.Add(new() { Value = stored.Version });
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private sealed class Failing : IInlineProjection
    {
        public Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("projection bug");
    }
}
