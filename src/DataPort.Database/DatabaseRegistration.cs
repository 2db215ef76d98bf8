using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.Database;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers the validated <see cref="DatabaseOptions"/> and one shared <see cref="NpgsqlDataSource"/> (the connection
    /// pool). A missing connection string fails start-up. The schema is <c>dataport db migrate</c>'s, never a server's.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Configure(options => options.ConnectionString =
                builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return DataSources.Create(options.ConnectionString!, builder.Environment.ApplicationName);
        });
        return builder;
    }
}
