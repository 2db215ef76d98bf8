using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Jobs;
using DataPort.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// The operators' API over background jobs: a thin layer over Hangfire's client and monitoring API (the same runs the
/// dashboard at <c>/console/jobs</c> shows). List and inspect runs with their progress, retry a failed one, delete one
/// that has not run, and run an upload's pipeline again. Operators only.
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
        group.MapGet("/runs/{id}", GetJobRun).WithName(nameof(GetJobRun))
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/runs/{id}/retry", RetryJobRun).WithName(nameof(RetryJobRun))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/runs/{id}", DeleteJobRun).WithName(nameof(DeleteJobRun))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/pipeline-runs", RunUploadPipeline).WithName(nameof(RunUploadPipeline))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Runs, newest first: all, or those in one state.</summary>
    public static Results<Ok<JobRunPage>, ValidationProblem> ListJobRuns(JobRuns runs, string? state, int? page, int? pageSize)
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
        else if ((long)(page ?? 1) * (pageSize ?? 50) > JobRuns.MaxListDepth)
        {
            errors["page"] = [$"Pages go {JobRuns.MaxListDepth:N0} runs deep; filter by state, or use the dashboard at /console/jobs."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(runs.List(stateFilter, page ?? 1, pageSize ?? 50));
    }

    /// <summary>One run: state, attempts, progress (stage, rows, done of total), the last error, the node that ran it.</summary>
    public static Results<Ok<JobRun>, ProblemHttpResult> GetJobRun(string id, JobRuns runs) =>
        IsRunId(id) && runs.Get(id) is { } run ? TypedResults.Ok(run) : RunNotFound(id);

    /// <summary>Enqueues a failed run again (same id; its attempts carry on). Only failed runs: 409 otherwise.</summary>
    public static Results<Accepted<JobRun>, ProblemHttpResult> RetryJobRun(string id, JobRuns runs) =>
        (IsRunId(id) ? runs.Retry(id) : RunChange.NotFound) switch
        {
            RunChange.Done => TypedResults.Accepted($"/api/jobs/runs/{id}", runs.Get(id)),
            RunChange.NotFound => RunNotFound(id),
            _ => TypedResults.Problem(
                title: "Only a failed run can be retried.",
                detail: $"Run {id} is {StateOf(runs, id)}.",
                statusCode: StatusCodes.Status409Conflict),
        };

    /// <summary>Deletes a run that has not run to its end: waiting, scheduled for a retry, or failed. 409 otherwise.</summary>
    public static Results<NoContent, ProblemHttpResult> DeleteJobRun(string id, JobRuns runs) =>
        (IsRunId(id) ? runs.Delete(id) : RunChange.NotFound) switch
        {
            RunChange.Done => TypedResults.NoContent(),
            RunChange.NotFound => RunNotFound(id),
            _ => TypedResults.Problem(
                title: "This run cannot be deleted now.",
                detail: $"Run {id} is {StateOf(runs, id)}; only a run that is waiting, scheduled or failed can be deleted.",
                statusCode: StatusCodes.Status409Conflict),
        };

    /// <summary>
    /// Runs the pipeline of an upload that is still waiting for its draft again: its run failed for good (after every
    /// retry) or was deleted. The upload keeps naming the same run, which is requeued. An upload with a draft is drafted
    /// again by its owner choosing columns; one whose file was refused needs a new upload.
    /// </summary>
    public static async Task<Results<Accepted<JobRun>, ProblemHttpResult>> RunUploadPipeline(
        PipelineRunStart request, JobRuns runs, Orleans.IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(request.DatasetId) || string.IsNullOrWhiteSpace(request.UploadId))
        {
            return TypedResults.Problem(title: "Name the upload.", detail: "Both datasetId and uploadId are required.",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["field"] = string.IsNullOrWhiteSpace(request.DatasetId) ? "datasetId" : "uploadId" });
        }
        var upload = (await grains.GetGrain<IDatasetGrain>(request.DatasetId).GetAsync())?.State.Upload(request.UploadId);
        if (upload is null)
        {
            return DomainHttp.NotFound($"Upload '{request.UploadId}' of dataset '{request.DatasetId}'");
        }
        if (upload.Status != UploadStatus.Preparing)
        {
            return TypedResults.Problem(title: "This upload is not waiting for a draft.",
                detail: $"Upload '{upload.UploadId}' is {upload.Status.ToString().ToLowerInvariant()}: its owner changes the columns of a ready draft, " +
                    "or uploads a corrected file.", statusCode: StatusCodes.Status409Conflict);
        }
        return runs.Get(upload.RunId) switch
        {
            null => TypedResults.Problem(title: "The upload's run is gone.",
                detail: $"Run {upload.RunId} has expired from the job store; the owner uploads the file again.",
                statusCode: StatusCodes.Status409Conflict),
            { State: JobRunState.Failed or JobRunState.Deleted } run when runs.Requeue(run) =>
                TypedResults.Accepted($"/api/jobs/runs/{run.Id}", runs.Get(run.Id)),
            var run => TypedResults.Problem(title: "The upload's run has not ended.",
                detail: $"Run {run.Id} is {run.State.ToStorage()}; follow it at /api/jobs/runs/{run.Id}.",
                statusCode: StatusCodes.Status409Conflict),
        };
    }

    /// <summary>Hangfire's PostgreSQL storage numbers its jobs; anything else names no run.</summary>
    private static bool IsRunId(string id) => long.TryParse(id, out var number) && number > 0;

    private static string StateOf(JobRuns runs, string id) => runs.Get(id)?.State.ToStorage() ?? "gone";

    private static ProblemHttpResult RunNotFound(string id) =>
        TypedResults.Problem(title: "No such job run.", detail: $"There is no run {id}.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>Which upload's pipeline to run again.</summary>
public sealed record PipelineRunStart(string? DatasetId, string? UploadId);
