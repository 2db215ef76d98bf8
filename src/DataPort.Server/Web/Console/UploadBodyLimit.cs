using DataPort.Catalog.Uploads;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace DataPort.Server.Web.Console;

/// <summary>
/// Lets a page's form carry a file as large as <c>Uploads:MaxBytes</c> (the server's default limit is 30 MB). An
/// authorisation filter ordered before the antiforgery check, because that check is what first reads the form.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadBodyLimitAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    // Room for the multipart framing and the form's other fields.
    private const long FormOverhead = 1 << 20;

    public int Order => 900;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var limit = http.RequestServices.GetRequiredService<IOptions<UploadOptions>>().Value.MaxBytes + FormOverhead;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
        {
            body.MaxRequestBodySize = limit;
        }
        if (!http.Request.HasFormContentType || http.Features.Get<IFormFeature>()?.Form is null)
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
        }
    }
}
