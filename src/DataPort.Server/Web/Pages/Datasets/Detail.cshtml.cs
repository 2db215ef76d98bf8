using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Grains.Grants;
using DataPort.Domain.Grants;
using DataPort.Identity;
using DataPort.Domain.Trading;
using DataPort.Sandbox.Loading;
using DataPort.Trading.Orders;
using DataPort.Trading.Settlement;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Datasets;

/// <summary>
/// One dataset at <c>/datasets/{id}</c>: its description, owner, schema with each column's classification and grade,
/// releases with their lineage, and licence options; the same visibility as <c>GET /api/datasets/{id}</c>.
/// </summary>
public sealed class DetailModel(Orleans.IGrainFactory grains, SandboxVersions versions, SandboxSamples samples, FeeCaps feeCaps, TimeProvider time)
    : PageModel
{
    public Dataset Dataset { get; private set; } = null!;

    public bool SignedIn { get; private set; }

    /// <summary>A signed-in developer may request access here, as <c>POST /api/grants</c> lets them.</summary>
    public bool CanRequest { get; private set; }

    public string? Refusal { get; private set; }

    /// <summary>How each column of the latest release was masked, when the release came from an upload's reviewed draft.</summary>
    public IReadOnlyDictionary<string, DraftColumn> Masking { get; private set; } = new Dictionary<string, DraftColumn>();

    /// <summary>The latest release's first rows; null for columns about people, which a sample never shows.</summary>
    public IReadOnlyList<IReadOnlyList<string?>> Sample { get; private set; } = [];

    /// <summary>The platform's public-data fee cap, shown on public datasets' licences.</summary>
    public Money FeeCap { get; private set; }

    public const int SampleRows = 5;

    [BindProperty]
    public string? LicenceOptionId { get; set; }

    [BindProperty]
    public string? Purpose { get; set; }

    [BindProperty]
    public List<string> Fields { get; set; } = [];

    [BindProperty]
    public int? TermDays { get; set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRequestAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }
        if (!CanRequest || Caller.FromClaims(User) is not { } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        if (Dataset.LicenceOptions.FirstOrDefault(o => o.Id == LicenceOptionId) is { Price.Kind: not PriceKind.Free })
        {
            return await OrderAsync(actor);
        }
        var grantId = Guid.CreateVersion7().ToString("N");
        // A term left empty asks for the chosen licence's whole term.
        var termDays = TermDays is > 0 ? TermDays.Value : Dataset.LicenceOptions.FirstOrDefault(o => o.Id == LicenceOptionId)?.TermDays ?? 0;
        try
        {
            await grains.GetGrain<IAccessGrantGrain>(grantId).ExecuteAsync(new RequestAccess(
                grantId, Dataset, Purpose ?? "", Fields, termDays, LicenceOptionId ?? "", DatasetVersion: null, actor, time.GetUtcNow()));
        }
        catch (DomainException refusal)
        {
            // The domain's own words, which name the field at fault (purpose, fields, term, licence).
            Refusal = refusal.Reason;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect($"{Console.GrantsModel.Path}?requested={grantId}");
    }

    /// <summary>A paid licence is bought: the order fixes the contract (as <c>POST /api/orders</c>) and is paid on its page.</summary>
    private async Task<IActionResult> OrderAsync(Caller buyer)
    {
        var orderId = Guid.CreateVersion7().ToString("N");
        try
        {
            await grains.GetGrain<IOrderGrain>(orderId).ExecuteAsync(new PlaceOrder(
                orderId, buyer, Dataset, LicenceOptionId ?? "", Purpose ?? "", Fields, Quantity: 1, FeeCap.Fen, time.GetUtcNow()), buyer.Id);
        }
        catch (DomainException refusal)
        {
            Refusal = refusal.Reason;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect(Console.OrdersModel.PathOf(orderId));
    }

    private async Task<bool> LoadAsync(string id)
    {
        var actor = Caller.FromClaims(User);
        var dataset = await grains.GetGrain<IDatasetGrain>(id).GetAsync();
        if (dataset is null || !Endpoints.Datasets.CanSee(actor, dataset.State))
        {
            // The same answer for "no such dataset" and "not yours to see": an id reveals nothing.
            return false;
        }
        Dataset = dataset.State;
        await DescribeLatestReleaseAsync();
        FeeCap = await feeCaps.CurrentAsync(HttpContext.RequestAborted);
        SignedIn = actor is not null;
        CanRequest = actor is not null && Dataset.Available && actor.Is(Roles.Developer) && !User.IsApp();
        return true;
    }

    private async Task DescribeLatestReleaseAsync()
    {
        if (Dataset.LatestVersion is not { } latest)
        {
            return;
        }
        if (latest.Lineage?.UploadId is { } uploadId && Dataset.Upload(uploadId)?.Draft is { } draft)
        {
            Masking = draft.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        }
        if (await versions.FindAsync(Dataset.DatasetId, latest.Number, HttpContext.RequestAborted) is not { } loaded)
        {
            return;
        }
        // Only columns about no one: a sample must not hand out what a grant is for.
        var shown = Dataset.Columns
            .Select(c => (Column: c, Loaded: c.Personal || c.Sensitive || Masking.GetValueOrDefault(c.Name)?.Personal == true ? null : loaded.FindColumn(c.Name)))
            .ToList();
        var rows = await samples.FirstRowsAsync(loaded, [.. shown.Select(s => s.Loaded).OfType<SandboxColumn>()], SampleRows, HttpContext.RequestAborted);
        Sample = [.. rows.Select(row =>
        {
            var next = 0;
            return (IReadOnlyList<string?>)[.. shown.Select(s => s.Loaded is null ? null : row[next++])];
        })];
    }
}
