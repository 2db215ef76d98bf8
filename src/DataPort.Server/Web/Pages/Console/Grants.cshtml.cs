using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Grains.Grants;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.ReadModels.Grants;
using DataPort.Server.Web.Console;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/grants</c>: the organisation's requests and grants from both sides. As developer: what was asked, its state,
/// the fields granted, quota used and expiry. As a dataset's owner: requests to approve (optionally for fewer fields) or
/// deny with a reason. The same commands and rules as <c>/api/grants</c>; every decision is an event in the ledger.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class GrantsModel(GrantDirectory directory, Orleans.IGrainFactory grains, TimeProvider time) : PageModel
{
    public const string Path = "/console/grants";

    public IReadOnlyList<GrantView> AsDeveloper { get; private set; } = [];

    public IReadOnlyList<GrantView> AsOwner { get; private set; } = [];

    public IReadOnlyDictionary<string, LocalizedText> Titles { get; private set; } = new Dictionary<string, LocalizedText>();

    public bool JustRequested { get; private set; }

    public string? Refusal { get; private set; }

    [BindProperty]
    public string? GrantId { get; set; }

    [BindProperty]
    public List<string> Fields { get; set; } = [];

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Approval's optional narrowing: a shorter term and quotas (empty: the requested term, unlimited).</summary>
    [BindProperty]
    public int? TermDays { get; set; }

    [BindProperty]
    public long? MaxQueries { get; set; }

    [BindProperty]
    public long? MaxRows { get; set; }

    [BindProperty]
    public long? MaxDownloads { get; set; }

    private string Organisation => User.OrganisationId() ?? "";

    public async Task<IActionResult> OnGetAsync(string? requested, CancellationToken cancellationToken)
    {
        JustRequested = requested is not null;
        return await ShowAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostApproveAsync(CancellationToken cancellationToken) =>
        DecideAsync((by, at) => new ApproveGrant(GrantId ?? "", Fields, TermDays, new GrantQuota(MaxQueries, MaxRows, MaxDownloads), by, at),
            cancellationToken);

    public Task<IActionResult> OnPostDenyAsync(CancellationToken cancellationToken) =>
        DecideAsync((by, at) => new DenyGrant(GrantId ?? "", Reason ?? "", by, at), cancellationToken);

    private async Task<IActionResult> DecideAsync(Func<Caller, DateTimeOffset, GrantCommand> command, CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(User) is not { } actor || User.IsApp())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var grant = await grains.GetGrain<IAccessGrantGrain>(GrantId ?? "").GetAsync();
        // Only the owner's people decide here: any other grant id is answered as if it did not exist.
        if (grant is null || grant.State.OwnerOrganisationId != actor.OrganisationId)
        {
            return NotFound();
        }
        try
        {
            await grains.GetGrain<IAccessGrantGrain>(grant.State.GrantId).ExecuteAsync(command(actor, time.GetUtcNow()), grant.Version);
        }
        catch (DomainException refusal)
        {
            Refusal = refusal.Reason;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(cancellationToken);
        }
        return Redirect(Path);
    }

    private async Task<PageResult> ShowAsync(CancellationToken cancellationToken)
    {
        var grants = await directory.ListAsync(new GrantSearch(Organisation, null, null, 1, 200), cancellationToken);
        AsDeveloper = grants.Items.Where(g => g.DeveloperOrganisationId == Organisation).ToList();
        AsOwner = grants.Items.Where(g => g.OwnerOrganisationId == Organisation).ToList();
        Titles = await DatasetTitles.OfAsync(grains, grants.Items.Select(g => g.DatasetId));
        return Page();
    }
}
