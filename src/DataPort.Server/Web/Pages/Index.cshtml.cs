using DataPort.Domain.Common;
using DataPort.ReadModels.Datasets;
using DataPort.Server.Web.Catalog;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages;

/// <summary>The public catalog at <c>/</c>: search, facets with counts, and pages of datasets.</summary>
public sealed class IndexModel(DatasetCatalog catalog) : PageModel
{
    public CatalogQuery Query { get; private set; } = new(null, new Dictionary<string, string>(), 1);

    public CatalogPage Results { get; private set; } = new([], 0, 1, 1, []);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Query = CatalogQuery.From(Request.Query);
        // Signed-in people also see their own organisation's drafts, as in the API.
        var viewer = Caller.FromClaims(User)?.OrganisationId;
        Results = Query.Run(await catalog.VisibleAsync(viewer, cancellationToken));
    }
}
