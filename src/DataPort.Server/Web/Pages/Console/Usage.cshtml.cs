using DataPort.Domain.Common;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Server.Web.Charts;
using DataPort.Server.Web.Console;
using DataPort.Trading.Usage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Console;

/// <summary>
/// <c>/console/usage</c>: the organisation's sandbox use over the last 30 days (queries a day as a chart, and per grant
/// queries, rows, downloads and refusals), from the hourly roll-up that <c>GET /api/usage</c> reads. Days are Beijing
/// time, the port's own; the hour in progress appears once the roll-up has closed it.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class UsageModel(HourlyUsage usage, Orleans.IGrainFactory grains, TimeProvider clock) : PageModel
{
    public const string Path = "/console/usage";

    public const int Days = 30;

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public IReadOnlyList<Bar> QueriesPerDay { get; private set; } = [];

    public IReadOnlyList<GrantUse> PerGrant { get; private set; } = [];

    public IReadOnlyDictionary<string, LocalizedText> Titles { get; private set; } = new Dictionary<string, LocalizedText>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.OrganisationId() is not { } organisation || User.IsApp())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Beijing).DateTime);
        var first = today.AddDays(1 - Days);
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), Beijing);
        var buckets = (await usage.ListAsync(organisation, from, from.AddDays(Days), limit: 100_000, cancellationToken))
            .Where(b => b.OrganisationId == organisation)
            .ToList();
        var byDay = buckets.GroupBy(b => DateOnly.FromDateTime(b.HourStart.ToOffset(Beijing).DateTime)).ToDictionary(g => g.Key, g => g.Sum(b => b.Queries));
        QueriesPerDay = [.. Enumerable.Range(0, Days).Select(i => first.AddDays(i)).Select(day => new Bar(day.ToString("MM-dd"), byDay.GetValueOrDefault(day)))];
        PerGrant = [.. buckets.GroupBy(b => (b.GrantId, b.DatasetId))
            .Select(g => new GrantUse(g.Key.GrantId, g.Key.DatasetId, g.Sum(b => b.Queries), g.Sum(b => b.Rows), g.Sum(b => b.Downloads), g.Sum(b => b.Denied)))
            .OrderByDescending(g => g.Queries)];
        Titles = await DatasetTitles.OfAsync(grains, PerGrant.Select(g => g.DatasetId));
        return Page();
    }
}

/// <summary>One grant's use over the period.</summary>
public sealed record GrantUse(string GrantId, string DatasetId, long Queries, long Rows, long Downloads, long Denied);
