using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataPort.Server.Endpoints;

/// <summary>Liveness for process supervisors; readiness (PostgreSQL reachable) for load balancers.</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", GetLiveness).WithName(nameof(GetLiveness));
        group.MapGet("/ready", GetReadiness).WithName(nameof(GetReadiness))
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static Ok<HealthView> GetLiveness() =>
        TypedResults.Ok(new HealthView(nameof(HealthStatus.Healthy), []));

    public static async Task<Results<Ok<HealthView>, ProblemHttpResult>> GetReadiness(
        HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        var checks = report.Entries
            .Select(entry => new HealthCheckView(entry.Key, entry.Value.Status.ToString(), entry.Value.Description))
            .ToList();
        if (report.Status == HealthStatus.Healthy)
        {
            return TypedResults.Ok(new HealthView(report.Status.ToString(), checks));
        }
        return TypedResults.Problem(
            title: "DataPort is not ready.",
            detail: string.Join(" ", checks.Where(c => c.Status != nameof(HealthStatus.Healthy)).Select(c => c.Description)),
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["checks"] = checks });
    }
}

public sealed record HealthView(string Status, IReadOnlyList<HealthCheckView> Checks);

public sealed record HealthCheckView(string Name, string Status, string? Description);
