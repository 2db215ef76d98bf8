using System.Diagnostics;

namespace DataPort.Server.Infrastructure;

internal static class ProblemDetailsDefaults
{
    /// <summary>Every problem carries the trace id, so a user's error report leads straight to the log lines.</summary>
    public static void AddTraceId(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        context.ProblemDetails.Extensions["traceId"] =
            Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }
}
