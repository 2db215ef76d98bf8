using DataPort.Database;
using Npgsql;

namespace DataPort.EventStore.Bench;

/// <summary>A throw-away database for one benchmark run, with every migration applied and a bare baseline table.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "DATAPORT_BENCH_CONNECTION";
    private const string LocalCluster = "Host=127.0.0.1;Port=5433;Username=dataport;Password=dataport;Database=postgres";

    private readonly string adminConnectionString;

    private BenchDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true, MaxPoolSize = 50, MaxAutoPrepare = 20 };
        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);
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
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new BenchDatabase(admin, name);
        await new Migrator(database.DataSource).MigrateAsync();
        // The baseline: the same columns, the same indexes, the same durability (logged, synchronous commit).
        await using var table = database.DataSource.CreateCommand("""
            CREATE SCHEMA bench;
            CREATE TABLE bench.raw_events (
                position        bigint      GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
                stream_id       text        NOT NULL,
                version         bigint      NOT NULL,
                type            text        NOT NULL,
                data            jsonb       NOT NULL,
                correlation_id  text,
                causation_id    text,
                actor           text,
                headers         jsonb,
                recorded_at     timestamptz NOT NULL DEFAULT now(),
                tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
                CONSTRAINT raw_events_stream_version_key UNIQUE (stream_id, version)
            );
            """);
        await table.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
