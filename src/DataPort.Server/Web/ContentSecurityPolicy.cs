using Microsoft.AspNetCore.Mvc.Filters;

namespace DataPort.Server.Web;

/// <summary>
/// Every page's Content-Security-Policy: scripts and styles only from this site (no inline script, no CDN), nothing
/// framed, forms posting only here.
/// </summary>
internal sealed class ContentSecurityPolicy : IResultFilter
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
