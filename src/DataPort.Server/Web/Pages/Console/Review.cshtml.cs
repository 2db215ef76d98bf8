using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using DataPort.Grains.Assets;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.ReadModels.Assets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/review</c>: the operators' registration review queue. Submitted and under-review assets from every
/// organisation, with their full details; start a review, register (a signed certificate is issued) or reject with a
/// reason. The same commands as <c>POST /api/assets/{id}/review|register|reject</c>; the domain refuses anyone but an operator.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class ReviewModel(AssetDirectory directory, Orleans.IGrainFactory grains, TimeProvider time) : PageModel
{
    public const string Path = "/console/review";

    public IReadOnlyList<AssetRegistration> Queue { get; private set; } = [];

    public string? Refusal { get; private set; }

    [BindProperty]
    public string? AssetId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The asset just decided on, to say what became of it.</summary>
    public AssetRegistration? Decided { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? decided, CancellationToken cancellationToken)
    {
        if (!await ShowAsync(cancellationToken))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Decided = decided is null ? null : (await grains.GetGrain<IAssetRegistrationGrain>(decided).GetAsync())?.State;
        return Page();
    }

    public Task<IActionResult> OnPostStartAsync(CancellationToken cancellationToken) =>
        DecideAsync((grain, by, at) => grain.ExecuteAsync(new StartAssetReview(AssetId ?? "", by, at)), cancellationToken);

    public Task<IActionResult> OnPostRegisterAsync(CancellationToken cancellationToken) =>
        DecideAsync((grain, by, at) => grain.RegisterAsync(by, at), cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(CancellationToken cancellationToken) =>
        DecideAsync((grain, by, at) => grain.ExecuteAsync(new RejectAsset(AssetId ?? "", Reason ?? "", by, at)), cancellationToken);

    private async Task<IActionResult> DecideAsync(
        Func<IAssetRegistrationGrain, Caller, DateTimeOffset, Task> decide, CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(User) is not { } reviewer || !reviewer.Is(Roles.Operator) || User.IsApp())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var grain = grains.GetGrain<IAssetRegistrationGrain>(AssetId ?? "");
        if (await grain.GetAsync() is null)
        {
            return NotFound();
        }
        try
        {
            await decide(grain, reviewer, time.GetUtcNow());
        }
        catch (DomainException refusal)
        {
            Refusal = refusal.Reason;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ShowAsync(cancellationToken);
            return Page();
        }
        return Redirect($"{Path}?decided={Uri.EscapeDataString(AssetId ?? "")}");
    }

    /// <summary>The queue, oldest first, with each asset's full details; false for anyone but an operator.</summary>
    private async Task<bool> ShowAsync(CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(User)?.Is(Roles.Operator) != true || User.IsApp())
        {
            return false;
        }
        var waiting = new List<AssetView>();
        foreach (var status in new[] { AssetStatus.Submitted, AssetStatus.UnderReview })
        {
            waiting.AddRange((await directory.ListAsync(new AssetSearch(null, status, null, 1, 200), cancellationToken)).Items);
        }
        var queue = new List<AssetRegistration>(waiting.Count);
        foreach (var asset in waiting.OrderBy(a => a.SubmittedAt))
        {
            // The queue is a read model a moment behind; the registration's own state says whether it still waits.
            if (await grains.GetGrain<IAssetRegistrationGrain>(asset.AssetId).GetAsync() is { State.Status: AssetStatus.Submitted or AssetStatus.UnderReview } registration)
            {
                queue.Add(registration.State);
            }
        }
        Queue = queue;
        return true;
    }
}
