using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DataPort.Server.Infrastructure;

/// <summary>Ready means PostgreSQL answers a query within the check's time; live needs nothing.</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        DatabaseProbe.AnswersAsync(dataSource, prepare: null, "PostgreSQL answers.",
            "PostgreSQL does not answer: check that the server is running and ConnectionStrings:DataPort points at it.", cancellationToken);
}
