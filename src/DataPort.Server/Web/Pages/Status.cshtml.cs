using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages;

/// <summary>
/// What a browser shows for a page that answered with a bare status (403, 404, …): what happened and what to do next,
/// in the person's language, with the original status kept. Reached by re-execution only; asked for directly, it is a 404.
/// </summary>
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code)
    {
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        Code = original is null ? StatusCodes.Status404NotFound : code;
        Response.StatusCode = Code;
    }
}
