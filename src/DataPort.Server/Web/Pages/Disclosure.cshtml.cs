using DataPort.Domain.Datasets;
using DataPort.ReadModels.Datasets;
using DataPort.Server.Web.Charts;
using DataPort.Trading.Disclosure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages;

/// <summary>
/// <c>/disclosure?year=</c>: the yearly public report of authorised public data (公共数据授权运营情况公示), open to
/// anyone as <c>GET /api/disclosure/{year}</c> is: the resources, each product's fee against the cap, and the ledger
/// entries behind every figure; the same report as CSV; the catalog's datasets by their highest column grade.
/// </summary>
public sealed class DisclosureModel(Disclosures disclosures, DatasetCatalog catalog, TimeProvider clock) : PageModel
{
    public const string Path = "/disclosure";

    public DisclosureReport Report { get; private set; } = null!;

    public IReadOnlyList<Bar> ProductsByPriceKind { get; private set; } = [];

    /// <summary>The open catalog's datasets by their highest column grade (1–4).</summary>
    public IReadOnlyList<Bar> DatasetsByGrade { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var thisYear = clock.GetUtcNow().Year;
        Year = Year == 0 ? thisYear : Year;
        if (Year < 2020 || Year > thisYear)
        {
            return NotFound();
        }
        Report = await disclosures.ForYearAsync(Year, cancellationToken);
        ProductsByPriceKind = [.. Report.Products.GroupBy(p => p.PriceKind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Bar(g.Key, g.Count()))];
        var grades = (await catalog.VisibleAsync(null, cancellationToken)).GroupBy(d => d.HighestGrade).ToDictionary(g => g.Key, g => g.Count());
        DatasetsByGrade = [.. Enumerable.Range(DatasetColumn.LowestGrade, DatasetColumn.HighestGrade - DatasetColumn.LowestGrade + 1).Select(grade => new Bar($"{grade}", grades.GetValueOrDefault(grade)))];
        return Page();
    }
}
