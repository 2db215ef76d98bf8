using System.Reflection;
using DataPort.Sandbox;
using DataPort.Sandbox.Downloads;
using DataPort.Sandbox.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace DataPort.Server.Endpoints;

/// <summary>The result formats of sandbox queries.</summary>
public static class SandboxFormats
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string Parquet = "application/vnd.apache.parquet";

    /// <summary>The media type for an explicit <paramref name="format"/>, else the first acceptable one; null if none fits.</summary>
    public static string? Choose(string? format, IList<string?> accept)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            return format.Trim().ToLowerInvariant() switch
            {
                "json" => Json,
                "csv" => Csv,
                "parquet" => Parquet,
                _ => null,
            };
        }
        var ranges = MediaTypeHeaderValue.ParseList(accept.Where(a => a is not null).Select(a => a!).ToList())
            .OrderByDescending(m => m.Quality ?? 1);
        foreach (var range in ranges)
        {
            var type = range.MediaType.Value?.ToLowerInvariant();
            switch (type)
            {
                case Json or "*/*" or "application/*": return Json;
                case Csv or "text/*": return Csv;
                case Parquet or "application/x-parquet": return Parquet;
            }
        }
        return accept.Count == 0 || accept.All(string.IsNullOrWhiteSpace) ? Json : null;
    }
}

/// <summary>Maps the sandbox's refusals onto RFC 9457 problems with the right status code.</summary>
public static partial class SandboxProblems
{
    /// <summary>
    /// The problem for <paramref name="exception"/>, if it is one of the sandbox's refusals. PostgreSQL's original error
    /// goes to the operators' log with the trace id that the problem carries too; the caller sees DataPort's words only. A 429
    /// says when to try again.
    /// </summary>
    public static ProblemHttpResult? From(Exception exception, HttpContext http)
    {
        if (exception is SandboxQueryException { InnerException: Npgsql.PostgresException original })
        {
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DataPort.Sandbox");
            var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            LogRefused(logger, original.SqlState, original.MessageText, traceId);
        }
        var problem = From(exception);
        if (problem?.StatusCode == StatusCodes.Status429TooManyRequests && !http.Response.HasStarted)
        {
            // The grant's uses at once: one usually finishes within a second.
            http.Response.Headers.RetryAfter = "1";
        }
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox statement refused: SQLSTATE {SqlState}: {Original} (trace {TraceId})")]
    private static partial void LogRefused(ILogger logger, string sqlState, string original, string traceId);

    public static ProblemHttpResult? From(Exception exception) => exception switch
    {
        SandboxValidationException e => Problem(StatusCodes.Status400BadRequest, "Invalid sandbox request", e.Message),
        SandboxAccessDeniedException e => Problem(StatusCodes.Status403Forbidden, "Grant does not allow this", e.Message, ("reason", e.Reason)),
        SandboxNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
        SandboxConflictException e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message),
        SandboxQueryException e => From(e.Failure),
        ResultStreamBrokenException e => From(e.Failure),
        _ => null,
    };

    public static ProblemHttpResult From(SandboxQueryFailure failure) => Problem(failure.Kind switch
    {
        FailureKind.PermissionDenied => StatusCodes.Status403Forbidden,
        FailureKind.Cancelled => StatusCodes.Status408RequestTimeout,
        FailureKind.Refused when failure.SqlState == Npgsql.PostgresErrorCodes.ReadOnlySqlTransaction => StatusCodes.Status403Forbidden,
        FailureKind.ResourceLimit when failure.SqlState == Npgsql.PostgresErrorCodes.TooManyConnections => StatusCodes.Status429TooManyRequests,
        FailureKind.ResourceLimit => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    }, failure.Title, failure.Detail, ("outcome", failure.Outcome), ("sqlState", failure.SqlState), ("position", failure.Position));

    private static ProblemHttpResult Problem(int status, string title, string detail, params (string Key, object? Value)[] extensions) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: extensions.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value));
}

/// <summary>
/// Runs a sandbox query while writing the response: every error PostgreSQL raises before the first row becomes a
/// problem response; a failure after rows were sent ends the JSON with an <c>error</c> member, or aborts a CSV
/// stream (a cut CSV must not look complete). CSV reports its row count and truncation as HTTP trailers where
/// the protocol has them; Parquet, written at the end, as headers.
/// </summary>
public sealed class SandboxQueryStream(string format, Func<IQueryResultWriter, CancellationToken, Task<ResultSummary>> run, IParquetExport export)
    : IResult, IEndpointMetadataProvider
{
    public const string RowCountHeader = "X-Sandbox-Row-Count";
    public const string TruncatedHeader = "X-Sandbox-Truncated";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;
        response.ContentType = format == SandboxFormats.Json ? "application/json; charset=utf-8" : format;
        try
        {
            // The writers are not disposed: disposing flushes the response body, which would start the response
            // before an early error could still become a problem. Each writer flushes at its end.
            IQueryResultWriter writer = format switch
            {
                SandboxFormats.Csv => new CsvResultWriter(response.Body, summary => Report(httpContext, summary, trailers: true)),
                SandboxFormats.Parquet => new ParquetResultWriter(response.Body, export, summary => Report(httpContext, summary, trailers: false)),
                _ => new JsonResultWriter(response.Body),
            };
            await run(writer, aborted);
        }
        catch (Exception e) when (!response.HasStarted && SandboxProblems.From(e, httpContext) is { } problem)
        {
            response.ContentType = null;
            await problem.ExecuteAsync(httpContext);
        }
        catch (ResultStreamBrokenException)
        {
            httpContext.Abort();
        }
    }

    private static void Report(HttpContext httpContext, ResultSummary summary, bool trailers)
    {
        var response = httpContext.Response;
        var rows = summary.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var truncated = summary.Truncated ? "true" : "false";
        if (!response.HasStarted)
        {
            response.Headers[RowCountHeader] = rows;
            response.Headers[TruncatedHeader] = truncated;
        }
        else if (trailers && response.SupportsTrailers())
        {
            response.AppendTrailer(RowCountHeader, rows);
            response.AppendTrailer(TruncatedHeader, truncated);
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, [SandboxFormats.Json, SandboxFormats.Csv, SandboxFormats.Parquet]));
    }
}

/// <summary>Streams a planned download as Parquet; failures after the first byte abort the response.</summary>
public sealed class SandboxDownloadStream(DownloadPlan plan, SandboxDownloads downloads) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = SandboxFormats.Parquet;
        response.Headers.ContentDisposition = $"attachment; filename=\"{plan.FileName}\"";
        try
        {
            await downloads.WriteAsync(plan, response.Body, httpContext.RequestAborted);
        }
        catch (Exception e) when (!response.HasStarted && SandboxProblems.From(e, httpContext) is { } problem)
        {
            response.ContentType = null;
            response.Headers.ContentDisposition = default;
            await problem.ExecuteAsync(httpContext);
        }
        catch (Exception e) when (e is SandboxQueryException or IOException)
        {
            httpContext.Abort();
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, [SandboxFormats.Parquet]));
    }
}
