using DataPort.Sandbox.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// Ready also means the sandbox database answers and is prepared: a node whose sandbox database is missing could sign
/// people in but not answer one query. Asking prepares it if the start-up attempt failed (the database was down then).
/// </summary>
internal sealed class SandboxHealthCheck(SandboxDatabase database) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await database.PrepareAsync(timeout.Token);
            await using var command = database.DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("The sandbox database answers.");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(
                "The sandbox database does not answer or could not be made: check ConnectionStrings:Sandbox (by default the platform " +
                "database's name with _sandbox, on its server) and that the application may create it.", e);
        }
    }
}
