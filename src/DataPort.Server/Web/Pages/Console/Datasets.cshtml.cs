using DataPort.Domain.Assets;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Assets;
using DataPort.Grains.Datasets;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.ReadModels.Assets;
using DataPort.ReadModels.Datasets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/datasets</c>: the merchant's own datasets, drafts included, with their state and latest version, and a
/// form to describe a new dataset from one of the organisation's registered assets (its columns come from the asset's
/// schema; the pipeline classifies and grades them when the first file arrives). The same command as <c>POST /api/datasets</c>.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class DatasetsModel(DatasetCatalog catalog, AssetDirectory assets, Orleans.IGrainFactory grains, TimeProvider time) : PageModel
{
    public const string Path = "/console/datasets";

    public IReadOnlyList<DatasetView> Datasets { get; private set; } = [];

    /// <summary>The organisation's registered assets, which a new dataset may be made from.</summary>
    public IReadOnlyList<AssetView> RegisteredAssets { get; private set; } = [];

    public string? Refusal { get; private set; }

    [BindProperty]
    public DatasetForm Form { get; set; } = new();

    public Task OnGetAsync(CancellationToken cancellationToken) => ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(User) is not { } caller || User.IsApp())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var asset = (await grains.GetGrain<IAssetRegistrationGrain>(Form.AssetId ?? "").GetAsync())?.State;
        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        try
        {
            await grains.GetGrain<IDatasetGrain>(id).ExecuteAsync(new CreateDataset(
                id, asset, Form.ToMetadata(), Form.Columns(asset), Form.PublicData, caller, time.GetUtcNow()));
        }
        catch (DomainException refusal)
        {
            Refusal = refusal.Reason;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await ListAsync(cancellationToken);
            return Page();
        }
        return Redirect(DatasetModel.PathOf(id));
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var organisation = User.OrganisationId();
        Datasets = [.. (await catalog.VisibleAsync(organisation, cancellationToken)).Where(d => d.OwnerOrganisationId == organisation)];
        RegisteredAssets = (await assets.ListAsync(new AssetSearch(organisation, AssetStatus.Registered, null, 1, 200), cancellationToken)).Items;
    }
}

/// <summary>A new dataset as the form posts it.</summary>
public sealed class DatasetForm
{
    public string? AssetId { get; set; }

    public string? TitleZh { get; set; }

    public string? TitleEn { get; set; }

    public string? DescriptionZh { get; set; }

    public string? DescriptionEn { get; set; }

    public string? Theme { get; set; }

    public string? OwnerDepartment { get; set; }

    public UpdateFrequency UpdateFrequency { get; set; } = UpdateFrequency.Irregular;

    /// <summary>Public data (the default): its licences are held to the platform's public-data fee cap.</summary>
    public bool PublicData { get; set; } = true;

    internal DatasetMetadata ToMetadata() => new(
        new LocalizedText(TitleZh?.Trim() ?? "", TitleEn?.Trim() ?? ""), new LocalizedText(DescriptionZh?.Trim() ?? "", DescriptionEn?.Trim() ?? ""),
        Theme ?? "", OwnerDepartment?.Trim() ?? "", UpdateFrequency);

    /// <summary>The asset's columns at the lowest grade; the pipeline's classification decides grades when a file arrives.</summary>
    internal IReadOnlyList<DatasetColumn> Columns(AssetRegistration? asset) =>
        [.. (asset?.Details.Schema ?? []).Select(c => new DatasetColumn(c.Name, c.Type, DatasetColumn.LowestGrade, Personal: false, Sensitive: false))];
}
