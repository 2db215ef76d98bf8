using System.Security.Claims;
using DataPort.Domain.Common;
using DataPort.Sandbox.Aggregations;
using DataPort.Sandbox.Downloads;
using DataPort.Sandbox.Loading;
using DataPort.Sandbox.Queries;
using DataPort.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>A SQL query for a row-level grant; <c>format</c> (json, csv, parquet) overrides the Accept header.</summary>
public sealed record SandboxQueryRequest(string GrantId, string Sql, string? Format = null);

/// <summary>
/// A query result as JSON (streamed as it is read): the columns with their SQL names and the dataset's own names
/// (<c>label</c>), the rows as arrays in column order, and how it ended. <c>truncatedBy</c> says what cut it short:
/// <c>row-cap</c> (the sandbox's per-answer cap) or <c>row-quota</c> (what the grant had left); <c>rowsRemaining</c>
/// is the grant's row quota after this answer (null: unlimited). <c>error</c> is set only when the statement
/// failed after rows had been sent.
/// </summary>
public sealed record SandboxQueryResult(
    IReadOnlyList<SandboxResultColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, long RowCount, bool Truncated, string? TruncatedBy,
    int RowCap, long? RowsRemaining, long DurationMs, SandboxResultError? Error);

/// <summary>A result column: its SQL name, the dataset's name for it, and its PostgreSQL type.</summary>
public sealed record SandboxResultColumn(string Name, string Label, string Type);

/// <summary>A dataset version in the sandbox: where to query it and how its columns are named in SQL.</summary>
public sealed record SandboxVersionView(
    string DatasetId, int Version, string Table, string QualifiedTable, long RowCount, string ContentHash, IReadOnlyList<SandboxResultColumn> Columns);

/// <summary>Why a result that had started streaming stopped.</summary>
public sealed record SandboxResultError(string Title, string Detail, string Outcome);

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
            .Produces<SandboxQueryResult>(StatusCodes.Status200OK, SandboxFormats.Json, SandboxFormats.Csv, SandboxFormats.Parquet)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status406NotAcceptable);
        sandbox.MapPost("/aggregations", RunSandboxAggregation).WithName(nameof(RunSandboxAggregation))
            .ProducesProblem(StatusCodes.Status408RequestTimeout);
        sandbox.MapGet("/datasets/{datasetId}/versions", ListSandboxVersions).WithName(nameof(ListSandboxVersions));
        sandbox.MapGet("/datasets/{datasetId}/versions/{version:int}/download", DownloadSandboxVersion).WithName(nameof(DownloadSandboxVersion))
            .Produces<Stream>(StatusCodes.Status200OK, SandboxFormats.Parquet);
        return app;
    }

    /// <summary>Runs one read-only SQL query as the grant's database role and streams the result.</summary>
    public static Results<SandboxQueryStream, ProblemHttpResult> RunSandboxQuery(
        SandboxQueryRequest request, ClaimsPrincipal user, HttpRequest http, SandboxQueries queries, IParquetExport export)
    {
        if (Refuse(user, QueryScope, out var caller) is { } refused)
        {
            return refused;
        }
        var format = SandboxFormats.Choose(request.Format, http.Headers.Accept);
        if (format is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable, title: "Unsupported result format",
                detail: "Ask for application/json, text/csv or application/vnd.apache.parquet (or set format to json, csv or parquet).");
        }
        return new SandboxQueryStream(format, (writer, cancellationToken) =>
            queries.RunAsync(request.GrantId, caller, request.Sql, writer, cancellationToken), export);
    }

    /// <summary>
    /// Aggregates one dataset version. Under an aggregate-only licence the answer is differentially private and spends
    /// ε of the grant's budget (403 privacy-budget-exhausted says when it renews); a row-level licence gets exact figures
    /// for groups of at least k rows.
    /// </summary>
    public static async Task<Results<Ok<AggregationResult>, ProblemHttpResult>> RunSandboxAggregation(
        AggregationRequest request, HttpContext http, SandboxAggregations aggregations, CancellationToken cancellationToken)
    {
        if (Refuse(http.User, QueryScope, out var caller) is { } refused)
        {
            return refused;
        }
        try
        {
            return TypedResults.Ok(await aggregations.RunAsync(request, caller, cancellationToken));
        }
        catch (Exception e) when (SandboxProblems.From(e, http) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>
    /// The dataset's versions loaded in the sandbox: the table to query (<c>schema.table</c>; the table name alone works
    /// too) and each column's SQL name beside the dataset's own name for it.
    /// </summary>
    public static async Task<Ok<IReadOnlyList<SandboxVersionView>>> ListSandboxVersions(
        string datasetId, SandboxVersions versions, CancellationToken cancellationToken)
    {
        var loaded = await versions.ListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SandboxVersionView>>([.. loaded.Where(v => v.DatasetId == datasetId).Select(v => new SandboxVersionView(
            v.DatasetId, v.Version, v.Table, $"{v.Schema}.{v.Table}", v.RowCount, v.ContentHash,
            [.. v.Columns.Select(c => new SandboxResultColumn(c.Name, c.Label, c.SqlType))]))]);
    }

    /// <summary>The dataset version as Parquet, re-projected to the grant's columns, when the licence allows download.</summary>
    public static async Task<Results<SandboxDownloadStream, ProblemHttpResult>> DownloadSandboxVersion(
        string datasetId, int version, string grantId, HttpContext http, SandboxDownloads downloads, CancellationToken cancellationToken)
    {
        if (Refuse(http.User, DownloadScope, out var caller) is { } refused)
        {
            return refused;
        }
        try
        {
            var plan = await downloads.PlanAsync(grantId, datasetId, version, caller, cancellationToken);
            return new SandboxDownloadStream(plan, downloads);
        }
        catch (Exception e) when (SandboxProblems.From(e, http) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>The caller, unless anonymous (401) or an app without the scope (403); people act through their grant alone.</summary>
    private static ProblemHttpResult? Refuse(ClaimsPrincipal user, string scope, out Caller caller)
    {
        if (Caller.FromClaims(user) is not { } known)
        {
            caller = Caller.System;
            return DomainHttp.NoActor();
        }
        caller = known;
        return caller.HasScope(scope)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Missing scope",
                detail: $"This call needs the OAuth scope '{scope}'.");
    }
}
