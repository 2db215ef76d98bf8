using DataPort.Testing;

namespace DataPort.Cli.Tests;

/// <summary>
/// An installation upgraded from before the read models were Marten projections (the EventStore tests'
/// <c>before-marten.sql</c>: 26 datasets with 48 licence options, 26 assets): <c>db migrate</c> fills the new
/// inline views from the history, once.
/// </summary>
public sealed class RebuildingReadModelsTests : IAsyncLifetime
{
    private readonly EmptyTestDatabase database = new();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using var restore = database.DataSource.CreateCommand(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Upgrade", "before-marten.sql")));
        await restore.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Given_a_database_with_history_When_migrated_Then_the_dataset_views_are_rebuilt_from_it_once()
    {
        var first = await Dataport.RunAsync(["db", "migrate", "--connection", database.ConnectionString]);
        var second = await Dataport.RunAsync(["db", "migrate", "--connection", database.ConnectionString]);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("rebuilt read model dataset-views from the event history", first.Output);
        // No grant was ever requested in that database: nothing to rebuild there.
        Assert.DoesNotContain("grant-views", first.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("rebuilt", second.Output);
        await using var command = database.DataSource.CreateCommand("""
            SELECT count(*), sum(jsonb_array_length(data->'licenceOptions')), count(*) FILTER (WHERE id = 'dataset-' || (data->>'datasetId')),
                count(*) FILTER (WHERE NOT available)
            FROM domain.mt_doc_dataset_view
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((26L, 48L, 26L, 26L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
    }
}
