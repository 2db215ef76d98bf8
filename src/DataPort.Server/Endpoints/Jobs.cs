using DataPort.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// The operators' view of background jobs (Hangfire's dashboard, as an API): list and inspect runs, retry a
/// failed one, delete a scheduled one. Pipeline runs start from merchants' uploads. Operators only.
/// </summary>
public static class Jobs
{
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("Jobs")
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireClaim("role", "operator"))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/runs", ListJobRuns).WithName(nameof(ListJobRuns));
        group.MapGet("/runs/{id:guid}", GetJobRun).WithName(nameof(GetJobRun))
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/runs/{id:guid}/retry", RetryJobRun).WithName(nameof(RetryJobRun))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapDelete("/runs/{id:guid}", DeleteJobRun).WithName(nameof(DeleteJobRun))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>Runs, newest first, optionally only those in one state or of one job.</summary>
    public static async Task<Results<Ok<JobRunPage>, ValidationProblem>> ListJobRuns(
        JobRuns runs, string? state, string? job, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        JobRunState? stateFilter = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (JobRunStates.TryParse(state, out var parsed))
            {
                stateFilter = parsed;
            }
            else
            {
                errors["state"] = [$"Unknown state '{state}'; one of: {string.Join(", ", Enum.GetValues<JobRunState>().Select(s => s.ToStorage()))}."];
            }
        }
        if (page is < 1)
        {
            errors["page"] = ["The page number starts at 1."];
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"The page size must be between 1 and {MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var query = new JobRunQuery(stateFilter, string.IsNullOrEmpty(job) ? null : job, page ?? 1, pageSize ?? 50);
        return TypedResults.Ok(await runs.ListAsync(query, cancellationToken));
    }

    public static async Task<Results<Ok<JobRun>, ProblemHttpResult>> GetJobRun(Guid id, JobRuns runs, CancellationToken cancellationToken) =>
        await runs.GetAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : RunNotFound(id);

    /// <summary>Enqueues a failed run again (same id, attempts carry on). Only failed runs: 409 otherwise.</summary>
    public static async Task<Results<Accepted<JobRun>, ProblemHttpResult>> RetryJobRun(Guid id, JobRuns runs, CancellationToken cancellationToken)
    {
        try
        {
            return await runs.RetryAsync(id, cancellationToken) switch
            {
                RunChange.Done => TypedResults.Accepted($"/api/jobs/runs/{id}", await runs.GetAsync(id, cancellationToken)),
                RunChange.NotFound => RunNotFound(id),
                _ => TypedResults.Problem(
                    title: "Only a failed run can be retried.",
                    detail: $"Run {id} is {await StateOf(runs, id, cancellationToken)}.",
                    statusCode: StatusCodes.Status409Conflict),
            };
        }
        catch (JobsDisabledException e)
        {
            return JobsDisabled(e);
        }
    }

    /// <summary>Deletes a scheduled run before it fires (a delayed run, or a pending retry of one). 409 otherwise.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteJobRun(Guid id, JobRuns runs, CancellationToken cancellationToken)
    {
        try
        {
            return await runs.DeleteAsync(id, cancellationToken) switch
            {
                RunChange.Done => TypedResults.NoContent(),
                RunChange.NotFound => RunNotFound(id),
                _ => TypedResults.Problem(
                    title: "Only a scheduled run can be deleted.",
                    detail: $"Run {id} is {await StateOf(runs, id, cancellationToken)}; a pending retry of a recurring job runs with its schedule.",
                    statusCode: StatusCodes.Status409Conflict),
            };
        }
        catch (JobsDisabledException e)
        {
            return JobsDisabled(e);
        }
    }

    private static async Task<string> StateOf(JobRuns runs, Guid id, CancellationToken cancellationToken) =>
        (await runs.GetAsync(id, cancellationToken))?.State.ToStorage() ?? "gone";

    private static ProblemHttpResult RunNotFound(Guid id) =>
        TypedResults.Problem(title: "No such job run.", detail: $"There is no run {id}.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult JobsDisabled(JobsDisabledException e) =>
        TypedResults.Problem(title: "Background jobs are disabled on this node.", detail: e.Message,
            statusCode: StatusCodes.Status503ServiceUnavailable);
}
