using DataPort.Domain.Common;
using DataPort.Grains.Grants;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Sandbox.Aggregations;
using DataPort.Server.Endpoints;
using DataPort.Server.Web.Console;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/aggregate</c>: structured aggregations for any active grant, the only use an aggregate-only licence
/// allows. Group by granted columns, one metric, an optional ε; the answer's groups and how they were protected, and
/// the privacy budget left and when it renews. The same <see cref="SandboxAggregations"/> as <c>POST /api/sandbox/aggregations</c>.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class AggregateModel(GrantChooser chooser, SandboxAggregations aggregations, Orleans.IGrainFactory grains, TimeProvider clock)
    : PageModel
{
    public const string Path = "/console/aggregate";

    public static readonly string[] Functions = ["count", "sum", "avg", "quantile"];

    /// <summary>The organisation's active grants (any licence aggregates), the one chosen and the version it reads.</summary>
    public GrantChoice Choice { get; private set; } = new([], new Dictionary<string, LocalizedText>(), null, null);

    /// <summary>The ε left and when the budget renews, for an aggregate-only grant.</summary>
    public (double Left, DateTimeOffset RenewsAt)? Budget { get; private set; }

    public AggregationResult? Result { get; private set; }

    public (string Title, string Detail)? Refusal { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Grant { get; set; }

    [BindProperty]
    public List<string> GroupBy { get; set; } = [];

    [BindProperty]
    public string Function { get; set; } = "count";

    [BindProperty]
    public string? Column { get; set; }

    [BindProperty]
    public double? Lower { get; set; }

    [BindProperty]
    public double? Upper { get; set; }

    [BindProperty]
    public double? Quantile { get; set; }

    [BindProperty]
    public double? Epsilon { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await ChooseAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await ChooseAsync(cancellationToken) is not { } caller)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (Choice is not { Chosen: { } chosen, Table: { } table })
        {
            return Page();
        }
        var metric = new AggregationMetric(Function, Function == "count" && string.IsNullOrEmpty(Column) ? null : Column, Lower, Upper,
            Function == "quantile" ? Quantile ?? 0.5 : null);
        try
        {
            Result = await aggregations.RunAsync(
                new AggregationRequest(chosen.GrantId, chosen.DatasetId, table.Version, GroupBy, [metric], null, Epsilon), caller, cancellationToken);
        }
        catch (Exception e) when (SandboxProblems.From(e, HttpContext) is { } problem)
        {
            Refusal = (problem.ProblemDetails.Title ?? "", problem.ProblemDetails.Detail ?? "");
            Response.StatusCode = problem.StatusCode;
        }
        await ReadBudgetAsync();
        return Page();
    }

    private async Task<Caller?> ChooseAsync(CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(User) is not { } caller || User.IsApp())
        {
            return null;
        }
        Choice = await chooser.ChooseAsync(caller.OrganisationId, Grant, _ => true, cancellationToken);
        Grant ??= Choice.GrantId;
        await ReadBudgetAsync();
        return caller;
    }

    private async Task ReadBudgetAsync()
    {
        if (Choice.Chosen is { Licence.AggregateOnly: true } chosen && await grains.GetGrain<IAccessGrantGrain>(chosen.GrantId).GetAsync() is { } grant)
        {
            Budget = grant.State.PrivacyLeft(clock.GetUtcNow());
        }
    }
}
