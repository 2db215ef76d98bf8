using DataPort.Domain.Common;
using DataPort.Domain.Trading;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Server.Web.Charts;
using DataPort.Trading.Orders;
using DataPort.Trading.Settlement;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/revenue</c>: what the merchant's organisation has sold: revenue month by month over a year as a chart,
/// one month's statement (月度对账单) line by line, and the latest orders. The same <see cref="Statements"/> as
/// <c>GET /api/trading/statements</c>.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class RevenueModel(Statements statements, OrderQueries orders, TimeProvider clock) : PageModel
{
    public const string Path = "/console/revenue";

    public IReadOnlyList<Bar> Months { get; private set; } = [];

    public Statement Statement { get; private set; } = null!;

    public IReadOnlyList<OrderSummary> Orders { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Month { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(User) is not { } caller || User.IsApp())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var today = clock.GetUtcNow();
        Year = Year is >= 2000 and <= 9999 ? Year : today.Year;
        Month = Month is >= 1 and <= 12 ? Month : (Year == today.Year ? today.Month : 12);
        var months = new List<Bar>(12);
        for (var month = 1; month <= 12; month++)
        {
            var statement = await statements.ForAsync(caller, caller.OrganisationId, StatementParty.Merchant, Year, month, cancellationToken);
            months.Add(new Bar($"{month}", statement.Total.Fen / 100m));
            if (month == Month)
            {
                Statement = statement;
            }
        }
        Months = months;
        Orders = await orders.ListAsync(caller.OrganisationId, OrderParty.Seller, 50, cancellationToken);
        return Page();
    }
}
