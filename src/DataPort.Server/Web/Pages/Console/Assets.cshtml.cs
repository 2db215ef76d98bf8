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
/// <c>/console/assets</c>: the merchant's data assets with their review state and certificate, and a form to register a
/// new one (the operators review it on <c>/console/review</c>). The same command and rules as <c>POST /api/assets</c>.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class AssetsModel(AssetDirectory directory, Orleans.IGrainFactory grains, TimeProvider time) : PageModel
{
    public const string Path = "/console/assets";

    public IReadOnlyList<AssetView> Assets { get; private set; } = [];

    public string? Refusal { get; private set; }

    public string? Submitted { get; private set; }

    [BindProperty]
    public AssetForm Form { get; set; } = new();

    public async Task OnGetAsync(string? submitted, CancellationToken cancellationToken)
    {
        Submitted = submitted;
        await ListAsync(cancellationToken);
        // The list is a read model a moment behind the registration itself: the asset just submitted is shown from its own state.
        if (submitted is not null && Assets.All(a => a.AssetId != submitted)
            && await grains.GetGrain<IAssetRegistrationGrain>(submitted).GetAsync() is { } registration
            && registration.State.OwnerOrganisationId == User.OrganisationId())
        {
            Assets = [View(registration.State), .. Assets];
        }
    }

    private static AssetView View(AssetRegistration a) => new(
        $"asset-{a.AssetId}", a.AssetId, a.OwnerOrganisationId, a.Details.Title, a.Details.SourceDepartment, a.Status, a.Certificate?.Number,
        a.RejectionReason, a.SubmittedAt, a.UpdatedAt);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(User) is not { } caller || User.IsApp())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        try
        {
            await grains.GetGrain<IAssetRegistrationGrain>(id).ExecuteAsync(
                new SubmitAsset(id, caller.OrganisationId, Form.ToDetails(), caller, time.GetUtcNow()));
        }
        catch (DomainException refusal)
        {
            Refusal = refusal.Reason;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ListAsync(cancellationToken);
            return Page();
        }
        return Redirect($"{Path}?submitted={id}");
    }

    private async Task ListAsync(CancellationToken cancellationToken) =>
        Assets = (await directory.ListAsync(new AssetSearch(User.OrganisationId(), null, null, 1, 200), cancellationToken)).Items;
}

/// <summary>A new asset as the form posts it; the schema is one column per line: <c>name, type, description</c>.</summary>
public sealed class AssetForm
{
    public string? TitleZh { get; set; }

    public string? TitleEn { get; set; }

    public string? Description { get; set; }

    public string? SourceDepartment { get; set; }

    public string? Categories { get; set; }

    public string? LegalBasis { get; set; }

    public string? Schema { get; set; }

    internal AssetDetails ToDetails() => new(
        new LocalizedText(TitleZh?.Trim() ?? "", TitleEn?.Trim() ?? ""), Description?.Trim() ?? "", SourceDepartment?.Trim() ?? "",
        Split(Categories, ',', '，', '、'), LegalBasis?.Trim() ?? "",
        [.. (Schema ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Column)]);

    private static AssetColumn Column(string line)
    {
        var parts = line.Split([',', '，'], 3, StringSplitOptions.TrimEntries);
        return new AssetColumn(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "string", parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null);
    }

    private static string[] Split(string? text, params char[] separators) =>
        (text ?? "").Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
