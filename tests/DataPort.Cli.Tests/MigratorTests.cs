using DataPort.Database;
using DataPort.ReadModels;
using DataPort.Testing;

namespace DataPort.Cli.Tests;

public sealed class MigratorConcurrencyTests(EmptyTestDatabase database) : IClassFixture<EmptyTestDatabase>
{
    [Fact]
    public async Task Given_two_processes_When_they_migrate_at_once_Then_each_migration_applies_once()
    {
        var runs = await Task.WhenAll(
            new Migrator(database.DataSource, ReadModelSchema.Configure).MigrateAsync(),
            new Migrator(database.DataSource, ReadModelSchema.Configure).MigrateAsync());

        Assert.Equal(Migration.Shipped.Count, runs.Sum(run => run.Applied.Count));
    }
}

public sealed class MigratorChecksumTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_an_applied_migration_was_edited_When_migrate_runs_Then_it_refuses_naming_the_file()
    {
        await using (var tamper = database.DataSource.CreateCommand(
            "UPDATE public.schema_version SET checksum = 'edited' WHERE id = '0001_platform'"))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<MigrationException>(() => new Migrator(database.DataSource, ReadModelSchema.Configure).MigrateAsync());

        Assert.Contains("0001_platform", error.Message);
    }
}
