using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Datasets;

/// <summary>
/// One dataset at <c>/datasets/{id}</c>: its description, owner, schema with each column's classification and grade,
/// releases with their lineage, and licence options; the same visibility as <c>GET /api/datasets/{id}</c>.
/// </summary>
public sealed class DetailModel(Orleans.IGrainFactory grains) : PageModel
{
    public Dataset Dataset { get; private set; } = null!;

    public bool SignedIn { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        var actor = Caller.FromClaims(User);
        var dataset = await grains.GetGrain<IDatasetGrain>(id).GetAsync();
        if (dataset is null || !Endpoints.Datasets.CanSee(actor, dataset.State))
        {
            // The same answer for "no such dataset" and "not yours to see": an id reveals nothing.
            return NotFound();
        }
        Dataset = dataset.State;
        SignedIn = actor is not null;
        return Page();
    }
}
