using DataPort.Database;
using DataPort.ReadModels;
using Npgsql;
using Xunit;

namespace DataPort.Testing;

/// <summary>
/// A database of its own for one test class (use as an <c>IClassFixture</c>): created with every
/// migration applied, dropped afterwards with the sandbox database a server may have made beside it. Names start with <c>dataport_test_</c> so a developer's own
/// database is never touched and leftovers are easy to spot.
/// </summary>
public class TestDatabase : IAsyncLifetime
{
    public string Name { get; } = $"dataport_test_{Guid.NewGuid():N}";

    public string ConnectionString => TestPostgres.ConnectionStringFor(Name);

    private NpgsqlDataSource? dataSource;

    /// <summary>A pooled data source on this database, made on first use.</summary>
    public NpgsqlDataSource DataSource => dataSource ??= NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Whether <see cref="InitializeAsync"/> applies the migrations (turn off to test the migrator).</summary>
    protected virtual bool Migrate => true;

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(TestPostgres.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        if (Migrate)
        {
            await new Migrator(DataSource, ReadModelSchema.Configure).MigrateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await admin.OpenAsync();
        // A server started on this database made its sandbox database beside it (NAME_sandbox): that goes too.
        await using var drop = new NpgsqlCommand(
            $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE); DROP DATABASE IF EXISTS \"{Name}_sandbox\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>An empty database: no migrations applied.</summary>
public sealed class EmptyTestDatabase : TestDatabase
{
    protected override bool Migrate => false;
}
