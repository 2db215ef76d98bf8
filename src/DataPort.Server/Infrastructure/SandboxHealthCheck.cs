using DataPort.Sandbox.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// Ready also means the sandbox database answers and is prepared: a node whose sandbox database is missing could sign
/// people in but not answer one query. Asking prepares it if the start-up attempt failed (the database was down then).
/// </summary>
internal sealed class SandboxHealthCheck(SandboxDatabase database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        DatabaseProbe.AnswersAsync(database.DataSource, database.PrepareAsync, "The sandbox database answers.",
            "The sandbox database does not answer or could not be made: check ConnectionStrings:Sandbox (by default the platform " +
            "database's name with _sandbox, on its server) and that the application may create it.", cancellationToken);
}
