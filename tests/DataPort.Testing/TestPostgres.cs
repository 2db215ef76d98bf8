using Npgsql;

namespace DataPort.Testing;

/// <summary>
/// The PostgreSQL server that tests run against: the local cluster that <c>scripts/postgres.sh</c> starts,
/// or any server named by <c>DATAPORT_TEST_CONNECTION</c> (a role that may create databases).
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "DATAPORT_TEST_CONNECTION";
    private const string LocalCluster = "Host=127.0.0.1;Port=5433;Username=dataport;Password=dataport;Database=postgres";

    public static string AdminConnectionString
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(EnvironmentVariable) ?? LocalCluster)
            {
                Database = "postgres",
                Pooling = false,
            };
            return builder.ConnectionString;
        }
    }

    /// <summary>A connection string to <paramref name="database"/> on the same server.</summary>
    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = true }.ConnectionString;
}
