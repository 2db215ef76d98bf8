using DataPort.Domain.Common;
using DataPort.Server.Infrastructure;
using DataPort.Trading.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Metered use of grants per hour, from the hourly usage roll-up: an organisation sees the grants it uses and
/// those on its datasets; operators and regulators see any organisation's, or everyone's. Closed hours only
/// (the roll-up runs a few minutes past each hour); statements, not this, are what is billed.
/// </summary>
public static class Usage
{
    private const int MaxBuckets = 10_000;
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(31);

    public static IEndpointRouteBuilder MapUsage(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/usage").WithTags("Usage").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/", ListUsage).WithName(nameof(ListUsage));
        return app;
    }

    /// <summary>Hourly buckets with <c>from ≤ hour &lt; to</c> (at most 31 days), oldest first.</summary>
    public static async Task<Results<Ok<UsageReport>, ValidationProblem, ProblemHttpResult>> ListUsage(
        DateTimeOffset from, DateTimeOffset to, string? organisationId, HttpContext http, HourlyUsage usage, CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(http.User) is not { } actor)
        {
            return DomainHttp.NoActor();
        }
        if (to <= from || to - from > MaxPeriod)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["to"] = [$"'to' must be after 'from', at most {MaxPeriod.TotalDays:0} days later."],
            });
        }
        var seesAll = actor.Is(Roles.Operator) || actor.Is(Roles.Regulator);
        if (!seesAll && organisationId is not null && organisationId != actor.OrganisationId)
        {
            return TypedResults.Problem(title: "Not allowed.", detail: $"Only organisation '{organisationId}', operators and regulators see its usage.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        var scope = seesAll ? organisationId : actor.OrganisationId;
        var buckets = await usage.ListAsync(scope, from, to, MaxBuckets + 1, cancellationToken);
        return TypedResults.Ok(new UsageReport(from, to, scope, [.. buckets.Take(MaxBuckets)], Truncated: buckets.Count > MaxBuckets));
    }
}

/// <summary>The buckets of a period; <c>Truncated</c> when there were more than one response holds (ask for a shorter period).</summary>
public sealed record UsageReport(DateTimeOffset From, DateTimeOffset To, string? OrganisationId, IReadOnlyList<UsageBucket> Items, bool Truncated);
