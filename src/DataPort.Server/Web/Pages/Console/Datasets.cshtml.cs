using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.ReadModels.Datasets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary><c>/console/datasets</c>: the merchant's own datasets, drafts included, with their state and latest version.</summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class DatasetsModel(DatasetCatalog catalog) : PageModel
{
    public const string Path = "/console/datasets";

    public IReadOnlyList<DatasetView> Datasets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var organisation = User.OrganisationId();
        Datasets = [.. (await catalog.VisibleAsync(organisation, cancellationToken)).Where(d => d.OwnerOrganisationId == organisation)];
    }
}
