using Hangfire.PostgreSql;
using Npgsql;

namespace DataPort.Jobs;

/// <summary>Hangfire's connections come from DataPort's one <see cref="NpgsqlDataSource"/> (its pool, its settings).</summary>
internal sealed class DataSourceConnections(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}
