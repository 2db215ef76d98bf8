using Npgsql;

namespace DataPort.Database;

public static class DataSources
{
    /// <summary>A pooled data source tagged with the application name, so pg_stat_activity shows who is connected.</summary>
    public static NpgsqlDataSource Create(string connectionString, string applicationName)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            builder.ConnectionStringBuilder.ApplicationName = applicationName;
        }
        return builder.Build();
    }
}
