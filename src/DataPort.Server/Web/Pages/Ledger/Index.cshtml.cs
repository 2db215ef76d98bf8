using DataPort.EventStore.Ledger;
using DataPort.Identity.Hosting;
using DataPort.Server.Endpoints;
using DataPort.Server.Web.Ledger;
using DataPort.Server.Web.Charts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Ledger;

/// <summary>
/// <c>/ledger</c>: the audit-ledger view. The chain's status (events sealed, the last signed checkpoint, sealing lag,
/// the last full verification) and the entries, newest first, filtered by subject, organisation, event type and time.
/// Regulators and operators see every entry; anyone else signed in sees the records their organisation is a party to,
/// as <c>GET /api/ledger/entries</c> decides.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class IndexModel(
    ActorNames actorNames, LedgerEntries entries, ILedgerParties parties, LedgerVerifications verifications, TimeProvider clock) : PageModel
{
    /// <summary>People's emails for the actors shown.</summary>
    public IReadOnlyDictionary<string, string> Actors { get; private set; } = new Dictionary<string, string>();

    public const string Path = "/ledger";

    public const int PageSize = 50;

    public LedgerStatusView Status { get; private set; } = null!;

    public IReadOnlyList<LedgerEntry> Entries { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>Entries recorded per day (Beijing time) over the last 30 days, within the reader's subjects.</summary>
    public IReadOnlyList<Bar> Growth { get; private set; } = [];

    private const int GrowthDays = 30;

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public bool SeesEverything { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Organisation { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var reader = new LedgerReader(HttpContext, entries, parties);
        SeesEverything = LedgerReader.SeesEverything(Domain.Common.Caller.FromClaims(User));
        if (await reader.StreamsAsync(string.IsNullOrWhiteSpace(Organisation) ? null : Organisation.Trim(), cancellationToken) is not { } visible)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Status = LedgerStatusView.From(await entries.StatusAsync(cancellationToken), await verifications.LatestAsync(cancellationToken), clock.GetUtcNow());
        PageNumber = Math.Max(1, PageNumber);
        var query = new LedgerEntryQuery(
            StreamId: string.IsNullOrWhiteSpace(Subject) ? null : Subject.Trim(),
            Type: string.IsNullOrWhiteSpace(Type) ? null : Type.Trim(),
            From: From is { } from ? StartOf(from) : null,
            To: To is { } to ? StartOf(to.AddDays(1)) : null,
            Page: PageNumber, PageSize: PageSize, Streams: visible.Streams);
        (Entries, Total) = await entries.ListAsync(query, cancellationToken);
        Actors = await actorNames.OfAsync(Entries.Select(e => e.Actor), Domain.Common.Caller.FromClaims(User));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Beijing).DateTime);
        var first = today.AddDays(1 - GrowthDays);
        var perDay = (await entries.PerDayAsync(
            new LedgerEntryQuery(From: StartOf(first), Streams: visible.Streams), Beijing, cancellationToken))
            .ToDictionary(d => d.Day, d => d.Entries);
        Growth = [.. Enumerable.Range(0, GrowthDays).Select(i => first.AddDays(i)).Select(day => new Bar(day.ToString("MM-dd"), perDay.GetValueOrDefault(day)))];
        return Page();
    }

    /// <summary>Midnight of <paramref name="day"/> in Beijing, as the UTC instant PostgreSQL's timestamptz parameters take.</summary>
    private static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Beijing).ToUniversalTime();

    /// <summary>This list's address with one filter or the page changed, the others kept.</summary>
    public string With(string key, string? value)
    {
        var query = new Dictionary<string, string?>
        {
            ["subject"] = Subject, ["organisation"] = Organisation, ["type"] = Type,
            ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"), ["page"] = null,
        };
        query[key] = value;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Path, query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}
