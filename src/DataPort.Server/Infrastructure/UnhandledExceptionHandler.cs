using Microsoft.AspNetCore.Diagnostics;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// The last line of defence: logs the exception and answers 500 as problem details without leaking
/// internals. Known domain failures are mapped to 4xx by the endpoints before they get here.
/// </summary>
internal sealed partial class UnhandledExceptionHandler(
    IProblemDetailsService problemDetails, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            httpContext.Response.StatusCode = badRequest.StatusCode;
            var (detail, field) = BadRequestProblems.Describe(httpContext, badRequest);
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Title = "The request is malformed.", Detail = detail, Status = badRequest.StatusCode };
            if (field is not null)
            {
                problem.Extensions["field"] = field;
            }
            return await problemDetails.TryWriteAsync(new() { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
        }

        LogUnhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new()
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Title = "An unexpected error occurred.",
                Detail = "The error was logged. Try again; if it persists, report the traceId to the operators.",
                Status = StatusCodes.Status500InternalServerError,
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception exception);
}
