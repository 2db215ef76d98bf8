using DataPort.Database;
using Npgsql;

namespace DataPort.Jobs.Bench;

/// <summary>A throw-away database with every migration applied, dropped at the end of the run.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "DATAPORT_BENCH_CONNECTION";
    private const string LocalCluster = "Host=127.0.0.1;Port=5433;Username=dataport;Password=dataport;Database=postgres";

    private readonly string admin;

    private BenchDatabase(string admin, string name)
    {
        this.admin = admin;
        Name = name;
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, CommandTimeout = 600 }.ConnectionString);
    }

    public string Name { get; }

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
        await new Migrator(database.DataSource).MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
