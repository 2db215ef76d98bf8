using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Domain.Grants;
using DataPort.EventStore.Ledger;
using DataPort.Grains.Datasets;
using DataPort.Grains.Grants;
using DataPort.Identity;
using DataPort.Identity.Clients;
using DataPort.Identity.Hosting;
using DataPort.EventStore;
using Npgsql;
using DataPort.Server.Endpoints;
using DataPort.Server.Web.Ledger;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Ledger;

/// <summary>
/// <c>/ledger/{subject}</c> (e.g. <c>dataset-…</c>, <c>grant-…</c>, <c>organisation-…</c>): one subject's history as a
/// timeline, oldest first. Regulators suspend or resume a dataset, a grant or an organisation's apps here with a reason,
/// through the same commands as <c>POST /api/datasets/{id}/suspend</c>, <c>POST /api/grants/{id}/suspend</c> and
/// <c>POST /api/organisations/{org}/apps/suspend</c>; the decision is the next entry.
/// </summary>
[Authorize(AuthenticationSchemes = DataPortAuthenticationSchemes.Cookie)]
public sealed class SubjectModel(
    ActorNames actorNames, LedgerEntries entries, ILedgerParties parties, Orleans.IGrainFactory grains, AppSuspensions appSuspensions, NpgsqlDataSource dataSource,
    EventWriter events, TimeProvider time) : PageModel
{
    /// <summary>People's emails for the actors shown.</summary>
    public IReadOnlyDictionary<string, string> Actors { get; private set; } = new Dictionary<string, string>();

    private const int Shown = 500;

    public static string PathOf(string streamId) => $"{IndexModel.Path}/{Uri.EscapeDataString(streamId)}";

    public string StreamId { get; private set; } = "";

    public IReadOnlyList<LedgerEntry> Timeline { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>Set for a dataset or grant a regulator may suspend or resume: whether it is suspended now.</summary>
    public bool? Suspended { get; private set; }

    public string? Refusal { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string subject, CancellationToken cancellationToken) =>
        await LoadAsync(subject, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostSuspendAsync(string subject, CancellationToken cancellationToken) => DecideAsync(subject, suspend: true, cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(string subject, CancellationToken cancellationToken) => DecideAsync(subject, suspend: false, cancellationToken);

    private async Task<IActionResult> DecideAsync(string subject, bool suspend, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(subject, cancellationToken) || Suspended is null || Caller.FromClaims(User) is not { } regulator)
        {
            return NotFound();
        }
        var (kind, id) = Split(subject);
        var (reason, now) = (Reason ?? "", time.GetUtcNow());
        try
        {
            if (kind == "organisation")
            {
                if (string.IsNullOrWhiteSpace(reason))
                {
                    throw new InvalidInputException("Give the reason: it is recorded in the audit ledger and shown to the organisation.");
                }
                var (change, _) = await OrganisationOversight.ApplyAsync(
                    id, reason.Trim(), suspend, regulator, new OversightContext(HttpContext, dataSource, events, time), cancellationToken);
                if (change == SuspensionChange.NoSuchOrganisation)
                {
                    return NotFound();
                }
            }
            else if (kind == "dataset")
            {
                DatasetCommand command = suspend ? new SuspendDataset(id, reason, regulator, now) : new ResumeDataset(id, reason, regulator, now);
                await grains.GetGrain<IDatasetGrain>(id).ExecuteAsync(command);
            }
            else
            {
                GrantCommand command = suspend ? new SuspendGrant(id, reason, regulator, now) : new ResumeGrant(id, reason, regulator, now);
                await grains.GetGrain<IAccessGrantGrain>(id).ExecuteAsync(command);
            }
        }
        catch (DomainException refusal)
        {
            Refusal = refusal.Reason;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect(PathOf(subject));
    }

    private async Task<bool> LoadAsync(string subject, CancellationToken cancellationToken)
    {
        var reader = new LedgerReader(HttpContext, entries, parties);
        if (await reader.StreamsAsync(null, cancellationToken) is not { } visible || !visible.Shows(subject))
        {
            return false;
        }
        StreamId = subject;
        (Timeline, Total) = await entries.ListAsync(
            new LedgerEntryQuery(subject, AfterPosition: 0, PageSize: Shown, Streams: visible.Streams), cancellationToken);
        Actors = await actorNames.OfAsync(Timeline.Select(e => e.Actor), Caller.FromClaims(User));
        if (Caller.FromClaims(User)?.Is(Roles.Regulator) == true && !User.IsApp())
        {
            var (kind, id) = Split(subject);
            Suspended = kind switch
            {
                "dataset" => await grains.GetGrain<IDatasetGrain>(id).GetAsync() is { } dataset ? dataset.State.Suspension is not null : null,
                "grant" => await grains.GetGrain<IAccessGrantGrain>(id).GetAsync() is { } grant ? grant.State.Status == GrantStatus.Suspended : null,
                "organisation" => await appSuspensions.ReasonAsync(id, cancellationToken) is not null,
                _ => null,
            };
        }
        return true;
    }

    private static (string Kind, string Id) Split(string subject) =>
        subject.IndexOf('-', StringComparison.Ordinal) is var dash and > 0 ? (subject[..dash], subject[(dash + 1)..]) : (subject, "");
}
