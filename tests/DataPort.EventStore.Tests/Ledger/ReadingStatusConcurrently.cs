using DataPort.EventStore.Ledger;
using Npgsql;

namespace DataPort.EventStore.Tests.Ledger;

/// <summary>
/// Npgsql hands a pooled connection's reader object to that connection's next user, so a reader disposed twice can
/// close somebody else's query. The status endpoint is read while every other part of the server queries: under a
/// pool of two connections, each status read and each concurrent query must get its own complete answer.
/// </summary>
public sealed class ReadingStatusConcurrently
{
    private const int RowsPerQuery = 2_000;

    [Fact]
    public async Task Given_a_small_pool_When_status_is_read_beside_other_queries_Then_every_query_gets_all_its_rows()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var builder = new NpgsqlConnectionStringBuilder(scenario.ConnectionString) { MaxPoolSize = 2, Timeout = 60 };
        await using var pool = NpgsqlDataSource.Create(builder.ConnectionString);
        var entries = new LedgerEntries(pool, new PostgresLedger(pool, LedgerScenario.Options()));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var statuses = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                Assert.Equal(30, (await entries.StatusAsync(deadline.Token)).TreeSize);
            }
        }));
        var others = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                Assert.Equal(RowsPerQuery, await CountRowsAsync(pool, deadline.Token));
            }
        }));
        await Task.WhenAll(statuses.Concat(others));
    }

    private static async Task<int> CountRowsAsync(NpgsqlDataSource pool, CancellationToken cancellationToken)
    {
        await using var command = pool.CreateCommand($"SELECT g FROM generate_series(1, {RowsPerQuery}) g");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            await Task.Yield();
        }
        return rows;
    }
}
