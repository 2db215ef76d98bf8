using DataPort.EventStore.Projections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.EventStore.Tests;

/// <summary>Starts projection daemons the way a host would, with fast polling for tests.</summary>
public static class Daemons
{
    public static ProjectionOptions FastOptions() => new()
    {
        BatchSize = 200,
        PollInterval = TimeSpan.FromMilliseconds(20),
        LeaderRetryInterval = TimeSpan.FromMilliseconds(100),
        GapWait = TimeSpan.FromMilliseconds(200),
    };

    public static async Task<ProjectionDaemon> StartAsync(NpgsqlDataSource dataSource, params IAsyncProjection[] projections)
    {
        var daemon = new ProjectionDaemon(dataSource, SampleEvents.Registry(), projections,
            Options.Create(FastOptions()), NullLogger<ProjectionDaemon>.Instance);
        await daemon.StartAsync(CancellationToken.None);
        return daemon;
    }

    public static async Task<long> ProgressAsync(NpgsqlDataSource dataSource, string projection)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce((SELECT position FROM events.projections WHERE name = $1), -1)");
        command.Parameters.Add(new() { Value = projection });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<long> LastPositionAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(position), 0) FROM events.events");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits (up to 30 s) until the projection's progress reaches <paramref name="position"/>.</summary>
    public static async Task WaitForProgressAsync(NpgsqlDataSource dataSource, string projection, long position)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ProgressAsync(dataSource, projection) < position)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Projection {projection} did not reach {position} (at {await ProgressAsync(dataSource, projection)}).");
            }
            await Task.Delay(20);
        }
    }

    public static NpgsqlDataSource NamedSource(string connectionString, string applicationName) =>
        new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { ApplicationName = applicationName } }.Build();
}
