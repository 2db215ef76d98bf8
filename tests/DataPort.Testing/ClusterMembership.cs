using Npgsql;

namespace DataPort.Testing;

/// <summary>The cluster's membership as the silos wrote it (cluster.silos), for tests that form or break a cluster.</summary>
public static class ClusterMembership
{
    // Orleans' SiloStatus values as stored.
    public const int Active = 3;
    public const int Dead = 6;

    public static async Task<int> CountAsync(NpgsqlDataSource dataSource, int status)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM cluster.silos WHERE status = $1");
        command.Parameters.Add(new() { Value = status });
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until exactly <paramref name="silos"/> silos are active; a newly started one takes a few seconds to join.</summary>
    public static async Task WaitForActiveSilosAsync(NpgsqlDataSource dataSource, int silos, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        int active;
        while ((active = await CountAsync(dataSource, Active)) != silos)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{active} silos active, {silos} expected.");
            }
            await Task.Delay(100);
        }
    }
}
