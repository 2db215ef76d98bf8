using DataPort.Grains.Cluster;
using Microsoft.AspNetCore.Diagnostics;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// A grain call that failed because its silo went away (<see cref="NodeLoss"/>) answers 503 with Retry-After, which the
/// SDK retries by itself, instead of a 500 that tells people to report it.
/// </summary>
internal sealed partial class ClusterUnavailableHandler(IProblemDetailsService problemDetails, ILogger<ClusterUnavailableHandler> logger)
    : IExceptionHandler
{
    private const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!NodeLoss.Caused(exception))
        {
            return false;
        }
        LogNodeLoss(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new()
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Title = "DataPort is moving work off a node that stopped.",
                Detail = $"The request may not have completed. Try again in {RetryAfterSeconds} seconds.",
                Status = StatusCodes.Status503ServiceUnavailable,
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} met a node that stopped ({Type}: {Message}); answered 503")]
    private static partial void LogNodeLoss(ILogger logger, string method, PathString path, string type, string message);
}
