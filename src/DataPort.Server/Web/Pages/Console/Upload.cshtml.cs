using DataPort.Catalog.Uploads;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Jobs;
using DataPort.Server.Endpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/datasets/{id}/uploads/{uploadId}</c>: one upload on its way to a version. While the pipeline runs, a
/// progress bar (kept live by a small script that reads <c>GET /api/datasets/{id}/uploads/{uploadId}</c>); then the
/// draft to review: rows kept and suppressed, k (and ℓ) reached, the information lost, the level the release search chose
/// for each quasi-identifier and the other releases it weighed, and each column's classification, grade and masking. The
/// merchant may change any of them (the pipeline drafts again) before publishing; a refused draft cannot be published.
/// The same commands as the uploads API.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class UploadModel(
    Orleans.IGrainFactory grains, JobRuns jobs, UploadColumnChoices choices, UploadPublisher publisher) : PageModel
{
    public static string PathOf(string datasetId, string uploadId) => $"{DatasetModel.PathOf(datasetId)}/uploads/{Uri.EscapeDataString(uploadId)}";

    public Dataset Dataset { get; private set; } = null!;

    public DatasetUpload Upload { get; private set; } = null!;

    public UploadProgress? Progress { get; private set; }

    public string? Refusal { get; private set; }

    /// <summary>The reviewed decisions, one per draft column, in the draft's order.</summary>
    [BindProperty]
    public List<ColumnDecision> Columns { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string uploadId, CancellationToken cancellationToken) =>
        await LoadAsync(id, uploadId, cancellationToken) ? Page() : NotFound();

    /// <summary>Sends the columns whose decision differs from the draft's; the pipeline drafts again.</summary>
    public async Task<IActionResult> OnPostColumnsAsync(string id, string uploadId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, uploadId, cancellationToken) || Caller.FromClaims(User) is not { } caller)
        {
            return NotFound();
        }
        var draft = Upload.Draft?.Columns ?? [];
        var changed = Columns
            .Select(c => (Chosen: c, Drafted: draft.FirstOrDefault(d => d.Name == c.Column), Fixed: FixedLevel(c.Column)))
            .Where(p => p.Drafted is not null
                && (p.Chosen.Subject != p.Drafted.Subject || p.Chosen.Grade != p.Drafted.Grade || NullIfEmpty(p.Chosen.Level) != p.Fixed))
            .Select(p => new ColumnChoice(p.Chosen.Column, p.Chosen.Subject, p.Chosen.Grade) { Level = NullIfEmpty(p.Chosen.Level) })
            .ToList();
        if (changed.Count == 0)
        {
            return Redirect(PathOf(id, uploadId));
        }
        try
        {
            await choices.ChooseAsync(id, uploadId, changed, caller);
        }
        catch (DomainException refusal)
        {
            return Refuse(refusal.Reason);
        }
        return Redirect(PathOf(id, uploadId));
    }

    /// <summary>Publishes the ready draft as the next version (and a draft dataset with a licence option with it).</summary>
    public async Task<IActionResult> OnPostPublishAsync(string id, string uploadId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, uploadId, cancellationToken) || Caller.FromClaims(User) is not { } caller)
        {
            return NotFound();
        }
        try
        {
            await publisher.PublishAsync(id, uploadId, caller, cancellationToken);
        }
        catch (DomainException refusal)
        {
            return Refuse(refusal.Reason);
        }
        return Redirect(PathOf(id, uploadId));
    }

    // The level a column is fixed at now; null when the search chooses it.
    private string? FixedLevel(string column) =>
        Upload.Draft?.Anonymity?.Levels.FirstOrDefault(l => l.Column == column) is { Fixed: true } level ? level.Level : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private PageResult Refuse(string reason)
    {
        Refusal = reason;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The upload, when the caller's organisation owns its dataset; anyone else is told it does not exist.</summary>
    private async Task<bool> LoadAsync(string id, string uploadId, CancellationToken cancellationToken)
    {
        var dataset = (await grains.GetGrain<IDatasetGrain>(id).GetAsync())?.State;
        if (dataset is null || User.IsApp() || dataset.OwnerOrganisationId != User.OrganisationId() || dataset.Upload(uploadId) is not { } upload)
        {
            return false;
        }
        (Dataset, Upload) = (dataset, upload);
        Progress = Uploads.Progress(upload, jobs);
        return true;
    }
}

/// <summary>One column's decision as the review form posts it.</summary>
public sealed class ColumnDecision
{
    public string Column { get; set; } = "";

    public ColumnSubject Subject { get; set; }

    public ColumnGrade Grade { get; set; }

    /// <summary>For a quasi-identifier, the level to fix; empty lets the search choose.</summary>
    public string? Level { get; set; }
}
