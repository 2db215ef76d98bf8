using DataPort.Domain.Common;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Jobs;
using DataPort.Privacy.Policy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/policy</c>: the masking policy the pipeline applies to every upload, for operators and regulators to
/// read: each kind of personal information with its grade and masking, the default masking per grade, and the release
/// gate (k and the quasi-identifiers). The policy is a file (<c>Jobs:Pipeline:PolicyPath</c>, else the shipped default),
/// changed by deployment rather than in the browser, so that every change is reviewed; its SHA-256 is in every release's report.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class PolicyModel(IOptions<JobsOptions> jobs) : PageModel
{
    public const string Path = "/console/policy";

    public MaskingPolicy Policy { get; private set; } = null!;

    public string Source { get; private set; } = "";

    public IActionResult OnGet()
    {
        if (Caller.FromClaims(User) is not { } caller || User.IsApp() || !(caller.Is(Roles.Operator) || caller.Is(Roles.Regulator)))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var path = jobs.Value.Pipeline.PolicyPath;
        (Policy, Source) = string.IsNullOrWhiteSpace(path) ? (PolicyLoader.LoadDefault(), "default") : (PolicyLoader.LoadFile(path), System.IO.Path.GetFileName(path));
        return Page();
    }
}
