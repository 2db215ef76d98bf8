using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// A grain call that failed because the silo holding the grain went away (killed, or cut off) is not the caller's
/// fault and not a bug: the cluster re-places the grain within seconds (docs/scaling.md). So it answers 503 with
/// Retry-After, which the SDK retries by itself, instead of a 500 that tells people to report it.
/// </summary>
internal sealed partial class ClusterUnavailableHandler(IProblemDetailsService problemDetails, ILogger<ClusterUnavailableHandler> logger)
    : IExceptionHandler
{
    private const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsNodeLoss(exception))
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

    private static bool IsNodeLoss(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException)
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} met a node that stopped ({Type}: {Message}); answered 503")]
    private static partial void LogNodeLoss(ILogger logger, string method, PathString path, string type, string message);
}
