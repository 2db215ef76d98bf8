using System.Globalization;
using DataPort.Domain.Common;
using DataPort.Grains.EventSourcing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// The HTTP edge of the domain grains: stream versions as entity tags (RFC 9110 §8.8.3), <c>If-Match</c> as the
/// expected version, and domain refusals as RFC 9457 problem details with 403/404/409/422.
/// </summary>
internal static class DomainHttp
{
    public static string ETagOf(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    public static void SetETag(HttpContext http, long version) => http.Response.Headers.ETag = ETagOf(version);

    /// <summary>
    /// Reads <c>If-Match</c>: absent or <c>*</c> → no expectation; <c>"7"</c> (or weak <c>W/"7"</c>) → version 7.
    /// Anything else is a malformed precondition (400).
    /// </summary>
    public static bool TryReadIfMatch(string? ifMatch, out long? expected, out ProblemHttpResult? problem)
    {
        expected = null;
        problem = null;
        var value = ifMatch?.Trim();
        if (string.IsNullOrEmpty(value) || value == "*")
        {
            return true;
        }
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        if (value.Length > 2 && value[0] == '"' && value[^1] == '"'
            && long.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            expected = version;
            return true;
        }
        problem = TypedResults.Problem(
            title: "The If-Match header is malformed.",
            detail: "Send the ETag of the last read, e.g. If-Match: \"3\".",
            statusCode: StatusCodes.Status400BadRequest);
        return false;
    }

    public static ProblemHttpResult Problem(DomainException refusal) => refusal switch
    {
        ForbiddenException => TypedResults.Problem(title: "Not allowed.", detail: refusal.Reason, statusCode: StatusCodes.Status403Forbidden),
        NotFoundException => TypedResults.Problem(title: "Not found.", detail: refusal.Reason, statusCode: StatusCodes.Status404NotFound),
        InvalidInputException => TypedResults.Problem(title: "The request is invalid.", detail: refusal.Reason, statusCode: StatusCodes.Status422UnprocessableEntity),
        _ => TypedResults.Problem(title: "The change conflicts with the current state.", detail: refusal.Reason, statusCode: StatusCodes.Status409Conflict),
    };

    public static ProblemHttpResult Problem(GrainConcurrencyException conflict) => TypedResults.Problem(
        title: "The resource changed since it was read.",
        detail: conflict.Message,
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["currentETag"] = ETagOf(conflict.ActualVersion) });

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: "Not found.", detail: $"{what} does not exist or is not visible to you.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>400 for one bad field of the request, named in the <c>field</c> extension as the rest of the API does.</summary>
    public static ProblemHttpResult BadField(string field, string detail) => TypedResults.Problem(
        title: "The request is invalid.", detail: detail, statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult NoActor() => TypedResults.Problem(
        title: "Not allowed.", detail: "The caller's identity carries no subject ('sub' claim).", statusCode: StatusCodes.Status403Forbidden);

    /// <summary>Runs a command against a grain and answers 200 with the new state and ETag, or the mapped problem.</summary>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> ChangeAsync<T>(
        HttpContext http, string? ifMatch, Func<Caller, long?, Task<Grains.EventSourcing.Versioned<T>>> change)
    {
        if (Caller.FromClaims(http.User) is not { } actor)
        {
            return NoActor();
        }
        if (!TryReadIfMatch(ifMatch, out var expected, out var malformed))
        {
            return malformed!;
        }
        try
        {
            var result = await change(actor, expected);
            SetETag(http, result.Version);
            return TypedResults.Ok(result.State);
        }
        catch (DomainException refusal)
        {
            return Problem(refusal);
        }
        catch (GrainConcurrencyException conflict)
        {
            return Problem(conflict);
        }
    }

    public static int PageNumber(int? page) => page is > 0 ? page.Value : 1;

    public static int PageSize(int? size) => Math.Clamp(size ?? 50, 1, 200);
}
