using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DataPort.Server.Infrastructure;

/// <summary>A readiness check's one question to a database: does it answer <c>SELECT 1</c> within 3 seconds?</summary>
internal static class DatabaseProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>Healthy with <paramref name="healthy"/>, or unhealthy with <paramref name="unhealthy"/>; <paramref name="prepare"/> must succeed first, within the same time.</summary>
    public static async Task<HealthCheckResult> AnswersAsync(
        NpgsqlDataSource dataSource, Func<CancellationToken, Task>? prepare, string healthy, string unhealthy, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            if (prepare is not null)
            {
                await prepare(timeout.Token);
            }
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy(healthy);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(unhealthy, e);
        }
    }
}
