using DataPort.Database;
using DataPort.ReadModels;
using Npgsql;

namespace DataPort.Bench;

/// <summary>
/// A throw-away database for one benchmark run, with every migration applied, dropped at the end. Shared by the
/// database-backed benches (linked into each project) so they all measure against the same set-up.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "DATAPORT_BENCH_CONNECTION";
    private const string LocalCluster = "Host=127.0.0.1;Port=5433;Username=dataport;Password=dataport;Database=postgres";

    private readonly string adminConnectionString;

    private BenchDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        // Long commands are the point of some benches (a busy hour's roll-up), so the timeout is generous.
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = name, Pooling = true, MaxPoolSize = 50, MaxAutoPrepare = 20, CommandTimeout = 600,
        };
        ConnectionString = builder.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    /// <summary>With its password, for hosts that open their own data source (the data source's own copy has none).</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<BenchDatabase> CreateAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(EnvironmentVariable) ?? LocalCluster)
        {
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
        var name = $"dataport_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        var database = new BenchDatabase(admin, name);
        await new Migrator(database.DataSource, ReadModelSchema.Configure).MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        // A benchmarked server made its sandbox database beside it.
        await ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS \"{Name}_sandbox\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
