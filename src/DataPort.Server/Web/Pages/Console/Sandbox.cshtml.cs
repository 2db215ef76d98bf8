using DataPort.Domain.Common;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Sandbox.Downloads;
using DataPort.Sandbox.Queries;
using DataPort.Server.Endpoints;
using DataPort.Server.Web.Console;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/sandbox</c>: the developer's SQL page. Pick an active row-level grant, see the table to query with the
/// dataset's names beside the SQL names, run a statement and read the answer, or take the whole answer as CSV or
/// Parquet. Every run goes through the same <see cref="SandboxQueries"/> as <c>POST /api/sandbox/queries</c>: the
/// grant is authorised, the quota counted and the use recorded in the ledger on every call.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class SandboxModel(GrantChooser chooser, SandboxQueries queries, IParquetExport export) : PageModel
{
    public const string Path = "/console/sandbox";

    /// <summary>The organisation's grants the page can query (active and not aggregate-only), the one chosen and its table.</summary>
    public GrantChoice Choice { get; private set; } = new([], new Dictionary<string, LocalizedText>(), null, null);

    public ResultTable? Result { get; private set; }

    /// <summary>The sandbox's refusal in its own words (never PostgreSQL's, which may name internals).</summary>
    public (string Title, string Detail)? Refusal { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Grant { get; set; }

    [BindProperty]
    public string? Sql { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await ChooseAsync(cancellationToken);
        Sql ??= StarterQuery();
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken cancellationToken)
    {
        if (await ChooseAsync(cancellationToken) is not { } caller)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var table = new ResultTable();
        try
        {
            await queries.RunAsync(Grant ?? "", caller, Sql, table, cancellationToken);
            Result = table;
            if (table.Failure is { } failure)
            {
                Refusal = (failure.Title, failure.Detail);
            }
        }
        catch (Exception e) when (SandboxProblems.From(e, HttpContext) is { } problem)
        {
            Refusal = (problem.ProblemDetails.Title ?? "", problem.ProblemDetails.Detail ?? "");
            Response.StatusCode = problem.StatusCode;
        }
        return Page();
    }

    /// <summary>The whole answer as a file, streamed as <c>POST /api/sandbox/queries</c> streams it.</summary>
    public async Task<IActionResult> OnPostDownloadAsync(string? format, CancellationToken cancellationToken)
    {
        if (await ChooseAsync(cancellationToken) is not { } caller)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var (mediaType, extension) = format == "parquet" ? (SandboxFormats.Parquet, "parquet") : (SandboxFormats.Csv, "csv");
        Response.Headers.ContentDisposition = $"attachment; filename=\"{Choice.Chosen?.DatasetId ?? "result"}.{extension}\"";
        var grantId = Grant ?? "";
        var sql = Sql;
        return new ResultAction(new SandboxQueryStream(mediaType, (writer, token) => queries.RunAsync(grantId, caller, sql, writer, token), export));
    }

    /// <summary>The grants to offer and the one chosen; the caller, or null for an app's token (pages are for people).</summary>
    private async Task<Caller?> ChooseAsync(CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(User) is not { } caller || User.IsApp())
        {
            return null;
        }
        Choice = await chooser.ChooseAsync(caller.OrganisationId, Grant, g => !g.Licence.AggregateOnly, cancellationToken);
        Grant ??= Choice.GrantId;
        return caller;
    }

    /// <summary>A first statement that the grant allows: its columns (never <c>*</c>, which a narrower grant refuses), 20 rows.</summary>
    private string StarterQuery()
    {
        if (Choice is not { Table: { } table, Chosen: { } chosen })
        {
            return "";
        }
        var granted = table.Columns.Where(c => chosen.GrantedFields.Contains(c.Label) || chosen.GrantedFields.Contains(c.Name)).Select(c => c.Name).ToList();
        return $"SELECT {(granted.Count == 0 ? "*" : string.Join(", ", granted))}\nFROM {table.QualifiedTable}\nLIMIT 20";
    }
}
