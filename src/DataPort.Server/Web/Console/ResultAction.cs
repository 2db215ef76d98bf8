using Microsoft.AspNetCore.Mvc;

namespace DataPort.Server.Web.Console;

/// <summary>Lets a page handler answer with a minimal-API result, so a page streams a download exactly as the API does.</summary>
public sealed class ResultAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
