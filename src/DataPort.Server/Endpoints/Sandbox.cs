using System.Security.Claims;
using DataPort.Sandbox;
using DataPort.Sandbox.Aggregations;
using DataPort.Sandbox.Downloads;
using DataPort.Sandbox.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>A SQL query for a row-level grant; <c>format</c> (json, csv, parquet) overrides the Accept header.</summary>
public sealed record SandboxQueryRequest(string GrantId, string Sql, string? Format = null);

/// <summary>
/// The data-port sandbox over HTTP: SQL queries (row-level grants), structured aggregations (any grant, small
/// cells suppressed) and Parquet downloads (licences that allow them). The grant is authorised on every call;
/// PostgreSQL's own role and column privileges do the enforcing.
/// </summary>
public static class SandboxEndpoints
{
    public const string QueryScope = "sandbox.query";
    public const string DownloadScope = "data.download";

    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup("/api/sandbox").WithTags("Sandbox").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        sandbox.MapPost("/queries", RunSandboxQuery).WithName(nameof(RunSandboxQuery))
            .Produces(StatusCodes.Status200OK, contentType: SandboxFormats.Json, additionalContentTypes: [SandboxFormats.Csv, SandboxFormats.Parquet])
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status406NotAcceptable);
        sandbox.MapPost("/aggregations", RunSandboxAggregation).WithName(nameof(RunSandboxAggregation))
            .ProducesProblem(StatusCodes.Status408RequestTimeout);
        sandbox.MapGet("/datasets/{datasetId}/versions/{version:int}/download", DownloadSandboxVersion).WithName(nameof(DownloadSandboxVersion))
            .Produces(StatusCodes.Status200OK, contentType: SandboxFormats.Parquet);
        return app;
    }

    /// <summary>Runs one read-only SQL query as the grant's database role and streams the result.</summary>
    public static Results<SandboxQueryStream, ProblemHttpResult> RunSandboxQuery(
        SandboxQueryRequest request, ClaimsPrincipal user, HttpRequest http, SandboxQueries queries, IParquetExport export)
    {
        if (MissingScope(user, QueryScope) is { } missing)
        {
            return missing;
        }
        var format = SandboxFormats.Choose(request.Format, http.Headers.Accept);
        if (format is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable, title: "Unsupported result format",
                detail: "Ask for application/json, text/csv or application/vnd.apache.parquet (or set format to json, csv or parquet).");
        }
        return new SandboxQueryStream(format, (writer, cancellationToken) =>
            queries.RunAsync(request.GrantId, SandboxCaller.FromClaims(user), request.Sql, writer, cancellationToken), export);
    }

    /// <summary>Aggregates one dataset version; groups covering fewer than k rows are suppressed and counted.</summary>
    public static async Task<Results<Ok<AggregationResult>, ProblemHttpResult>> RunSandboxAggregation(
        AggregationRequest request, ClaimsPrincipal user, SandboxAggregations aggregations, CancellationToken cancellationToken)
    {
        if (MissingScope(user, QueryScope) is { } missing)
        {
            return missing;
        }
        try
        {
            return TypedResults.Ok(await aggregations.RunAsync(request, SandboxCaller.FromClaims(user), cancellationToken));
        }
        catch (Exception e) when (SandboxProblems.From(e) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>The dataset version as Parquet, re-projected to the grant's columns, when the licence allows download.</summary>
    public static async Task<Results<SandboxDownloadStream, ProblemHttpResult>> DownloadSandboxVersion(
        string datasetId, int version, string grantId, ClaimsPrincipal user, SandboxDownloads downloads, CancellationToken cancellationToken)
    {
        if (MissingScope(user, DownloadScope) is { } missing)
        {
            return missing;
        }
        try
        {
            var plan = await downloads.PlanAsync(grantId, datasetId, version, SandboxCaller.FromClaims(user), cancellationToken);
            return new SandboxDownloadStream(plan, downloads);
        }
        catch (Exception e) when (SandboxProblems.From(e) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>Apps (tokens with <c>client_id</c>) need the scope; people act through their grant alone.</summary>
    private static ProblemHttpResult? MissingScope(ClaimsPrincipal user, string scope)
    {
        if (user.FindFirst("client_id") is null)
        {
            return null;
        }
        var scopes = user.FindAll("scope").SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return scopes.Contains(scope, StringComparer.Ordinal)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Missing scope",
                detail: $"This call needs the OAuth scope '{scope}'.");
    }
}
