using DataPort.EventStore.Ledger;
using DataPort.Identity.Hosting;
using DataPort.Server.Endpoints;
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
public sealed class IndexModel(LedgerEntries entries, ILedgerParties parties, LedgerVerifications verifications, TimeProvider clock) : PageModel
{
    public const string Path = "/ledger";

    public const int PageSize = 50;

    public LedgerStatusView Status { get; private set; } = null!;

    public IReadOnlyList<LedgerEntry> Entries { get; private set; } = [];

    public int Total { get; private set; }

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
            From: From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            To: To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            Page: PageNumber, PageSize: PageSize, Streams: visible.Streams);
        (Entries, Total) = await entries.ListAsync(query, cancellationToken);
        return Page();
    }

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
