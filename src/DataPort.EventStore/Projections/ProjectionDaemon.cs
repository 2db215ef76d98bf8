using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.EventStore.Projections;

/// <summary>
/// Runs every registered <see cref="IAsyncProjection"/>. Across all server processes exactly one daemon
/// runs a given projection: it holds a session advisory lock on a dedicated connection and does its work
/// on that same connection, so if the process or the connection dies, the lock and any half-done batch
/// go with it and a standby takes over from the stored progress.
/// </summary>
public sealed partial class ProjectionDaemon(
    NpgsqlDataSource dataSource,
    EventTypeRegistry registry,
    IEnumerable<IAsyncProjection> projections,
    IOptions<ProjectionOptions> options,
    ILogger<ProjectionDaemon> logger) : BackgroundService
{
    private readonly ProjectionOptions settings = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(projections.Select(projection => RunAsync(projection, stoppingToken)));

    /// <summary>
    /// Clears the projection and sets its progress back to 0; whichever daemon runs it then replays the
    /// whole log. A batch in flight elsewhere fails its progress check and is rolled back.
    /// </summary>
    public static async Task RebuildAsync(NpgsqlDataSource dataSource, IAsyncProjection projection, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("""
            INSERT INTO events.projections (name, position) VALUES ($1, 0)
            ON CONFLICT (name) DO UPDATE SET position = 0, updated_at = now()
            """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = projection.Name });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await projection.ResetAsync(transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task RunAsync(IAsyncProjection projection, CancellationToken stoppingToken)
    {
        var lockKey = ProjectionLocks.ProjectionKey(projection.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                if (await TryLockAsync(connection, lockKey, stoppingToken))
                {
                    LogLeading(projection.Name);
                    try
                    {
                        await LeadAsync(connection, projection, stoppingToken);
                    }
                    finally
                    {
                        await ReleaseAsync(connection);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(e, projection.Name);
            }
            try
            {
                await Task.Delay(settings.LeaderRetryInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task LeadAsync(NpgsqlConnection connection, IAsyncProjection projection, CancellationToken stoppingToken)
    {
        var position = await LoadProgressAsync(connection, projection.Name, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = await CommittedEventFeed.ReadAsync(connection, position, settings.BatchSize, settings.GapWait, stoppingToken);
            if (batch.Count == 0)
            {
                await Task.Delay(settings.PollInterval, stoppingToken);
                // While idle, notice a rebuild (progress set back to 0) without waiting for the next event.
                position = await LoadProgressAsync(connection, projection.Name, stoppingToken);
                continue;
            }
            var events = batch.Select(row => row.ToStored(registry)).ToList();
            var reached = batch[^1].Position;
            await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
            await projection.ApplyAsync(transaction, events, stoppingToken);
            if (!await AdvanceAsync(transaction, projection.Name, position, reached, stoppingToken))
            {
                // Someone rebuilt the projection (or another daemon moved it): start again from the stored mark.
                await transaction.RollbackAsync(stoppingToken);
                position = await LoadProgressAsync(connection, projection.Name, stoppingToken);
                LogProgressMoved(projection.Name, position);
                continue;
            }
            await transaction.CommitAsync(stoppingToken);
            position = reached;
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new() { Value = key });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ReleaseAsync(NpgsqlConnection connection)
    {
        // The connection goes back to the pool; a session lock would outlive us there. If the connection
        // is broken this fails, and the lock died with the session anyway.
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
        }
    }

    private static async Task<long> LoadProgressAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO events.projections (name) VALUES ($1) ON CONFLICT (name) DO NOTHING;
            SELECT position FROM events.projections WHERE name = $1;
            """.Replace("$1", "@name", StringComparison.Ordinal), connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<bool> AdvanceAsync(NpgsqlTransaction transaction, string name, long from, long to, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE events.projections SET position = $3, updated_at = now() WHERE name = $1 AND position = $2",
            transaction.Connection, transaction);
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Projection {Projection}: this process now runs it")]
    private partial void LogLeading(string projection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection}: progress was moved elsewhere, continuing from {Position}")]
    private partial void LogProgressMoved(string projection, long position);

    [LoggerMessage(Level = LogLevel.Error, Message = "Projection {Projection} failed; retrying")]
    private partial void LogFailed(Exception exception, string projection);
}
