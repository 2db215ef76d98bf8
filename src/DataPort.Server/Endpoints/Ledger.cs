using DataPort.Domain.Common;
using DataPort.EventStore.Ledger;
using DataPort.Identity;
using DataPort.Jobs;
using DataPort.ReadModels;
using DataPort.Server.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// The regulators' audit-ledger view: every event in order, filtered by subject, organisation, type and time; one entry
/// with its inclusion proof against the latest signed checkpoint; checkpoints and consistency proofs between them; the
/// sealing status and public keys; a subject's history; full verifications; the ledger as the JSON Lines the offline
/// verifier reads. Regulators (people, or apps with <c>audit.read</c>) and operators read everything; any other
/// organisation (people, or apps with <c>catalog.read</c>) reads the records it is a party to. The format is in
/// docs/ledger-format.md.
/// </summary>
public static class Ledger
{
    private static readonly string[] Subjects = ["dataset", "grant", "asset", "order", "organisation"];

    public static IEndpointRouteBuilder MapLedger(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/ledger").WithTags("Ledger").RequireAuthorization(DataPortPolicies.LedgerRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/entries", ListLedgerEntries).WithName(nameof(ListLedgerEntries)).ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/entries/{position:long}", GetLedgerEntry).WithName(nameof(GetLedgerEntry)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/history/{kind}/{id}", GetLedgerHistory).WithName(nameof(GetLedgerHistory)).ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/checkpoints", ListLedgerCheckpoints).WithName(nameof(ListLedgerCheckpoints));
        group.MapGet("/consistency", GetLedgerConsistency).WithName(nameof(GetLedgerConsistency)).ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/status", GetLedgerStatus).WithName(nameof(GetLedgerStatus));

        var regulators = group.MapGroup("").AddEndpointFilter(RegulatorsOnly);
        regulators.MapPost("/verifications", StartLedgerVerification).WithName(nameof(StartLedgerVerification));
        regulators.MapGet("/export", ExportLedger).WithName(nameof(ExportLedger))
            .Produces<Stream>(StatusCodes.Status200OK, LedgerExportMediaType).ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public const string LedgerExportMediaType = "application/x-ndjson";

    /// <summary>
    /// Entries newest first (or oldest first after <c>after</c>, a position), filtered by one subject (<c>dataset</c>,
    /// <c>grant</c>, <c>asset</c> or <c>order</c> id), an <c>organisation</c> (the subjects it is a party to), an event
    /// <c>type</c> (e.g. <c>grant.issued</c>) and a time range. Callers other than regulators see their own organisation's.
    /// </summary>
    public static async Task<Results<Ok<Page<LedgerEntry>>, ProblemHttpResult>> ListLedgerEntries(
        string? dataset, string? grant, string? asset, string? order, string? organisation, string? type, DateTimeOffset? from,
        DateTimeOffset? to, long? after, int? page, int? pageSize, [AsParameters] LedgerReader reader, CancellationToken cancellationToken)
    {
        var subjects = new (string Kind, string? Id)[] { ("dataset", dataset), ("grant", grant), ("asset", asset), ("order", order) }
            .Where(s => !string.IsNullOrEmpty(s.Id)).ToList();
        if (subjects.Count > 1)
        {
            return DomainHttp.BadField(subjects[1].Kind, "Filter by one subject at a time (dataset, grant, asset or order).");
        }
        var stream = subjects.Count == 1 ? $"{subjects[0].Kind}-{subjects[0].Id}" : null;
        if (await reader.StreamsAsync(string.IsNullOrEmpty(organisation) ? null : organisation, cancellationToken) is not { } visible)
        {
            return OtherOrganisation();
        }
        var query = new LedgerEntryQuery(stream, string.IsNullOrEmpty(type) ? null : type, from, to, after,
            DomainHttp.PageNumber(page), DomainHttp.PageSize(pageSize), visible.Streams);
        var (items, total) = await reader.Entries.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new Page<LedgerEntry>(items, total, query.Page, query.PageSize));
    }

    /// <summary>A dataset's, grant's, asset's, order's or organisation's history (an organisation's: what regulators did to it): its entries, oldest first (empty for a subject the caller is no party to).</summary>
    public static async Task<Results<Ok<Page<LedgerEntry>>, ProblemHttpResult>> GetLedgerHistory(
        string kind, string id, int? page, int? pageSize, [AsParameters] LedgerReader reader, CancellationToken cancellationToken)
    {
        if (!Subjects.Contains(kind))
        {
            return DomainHttp.BadField("kind", $"Unknown subject kind '{kind}'; one of {string.Join(", ", Subjects)}.");
        }
        if (await reader.StreamsAsync(null, cancellationToken) is not { } visible)
        {
            return OtherOrganisation();
        }
        var query = new LedgerEntryQuery($"{kind}-{id}", AfterPosition: 0, Page: DomainHttp.PageNumber(page),
            PageSize: DomainHttp.PageSize(pageSize), Streams: visible.Streams);
        var (items, total) = await reader.Entries.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new Page<LedgerEntry>(items, total, query.Page, query.PageSize));
    }

    /// <summary>
    /// One entry, with its inclusion proof against the latest signed checkpoint and that checkpoint; <c>proof</c> is null
    /// until the entry is sealed into a checkpoint (the sealing job runs every few seconds).
    /// </summary>
    public static async Task<Results<Ok<LedgerEntryWithProof>, ProblemHttpResult>> GetLedgerEntry(
        long position, [AsParameters] LedgerReader reader, ILedger ledger, CancellationToken cancellationToken)
    {
        if (await reader.Entries.GetAsync(position, cancellationToken) is not { } entry
            || await reader.StreamsAsync(null, cancellationToken) is not { } visible || !visible.Shows(entry.StreamId))
        {
            return DomainHttp.NotFound($"Ledger entry {position}");
        }
        var (proof, checkpoint) = await ProofAsync(ledger, position, cancellationToken);
        return TypedResults.Ok(new LedgerEntryWithProof(entry, proof, checkpoint));
    }

    /// <summary>The entry's inclusion proof against the latest signed checkpoint, and that checkpoint; both null until it is sealed into one.</summary>
    internal static async Task<(InclusionProofView? Proof, CheckpointView? Checkpoint)> ProofAsync(
        ILedger ledger, long position, CancellationToken cancellationToken)
    {
        if (await ledger.GetLatestCheckpointAsync(cancellationToken) is not { } checkpoint
            || await ledger.GetInclusionProofAsync(position, checkpoint.TreeSize, cancellationToken) is not { } proof)
        {
            return (null, null);
        }
        return (InclusionProofView.From(proof), CheckpointView.From(checkpoint));
    }

    /// <summary>Signed checkpoints, newest first.</summary>
    public static async Task<Ok<Page<CheckpointView>>> ListLedgerCheckpoints(
        int? page, int? pageSize, LedgerEntries entries, CancellationToken cancellationToken)
    {
        var (number, size) = (DomainHttp.PageNumber(page), DomainHttp.PageSize(pageSize));
        var (items, total) = await entries.ListCheckpointsAsync(number, size, cancellationToken);
        return TypedResults.Ok(new Page<CheckpointView>([.. items.Select(CheckpointView.From)], total, number, size));
    }

    /// <summary>Proof that the tree of <c>first</c> entries is a prefix of the tree of <c>second</c> (two checkpoints' sizes).</summary>
    public static async Task<Results<Ok<ConsistencyProofView>, ProblemHttpResult>> GetLedgerConsistency(
        long first, long second, ILedger ledger, CancellationToken cancellationToken)
    {
        if (first < 1 || first > second)
        {
            return DomainHttp.BadField("first", "first must be at least 1 and not larger than second.");
        }
        try
        {
            return TypedResults.Ok(ConsistencyProofView.From(await ledger.GetConsistencyProofAsync(first, second, cancellationToken)));
        }
        catch (ArgumentOutOfRangeException)
        {
            return DomainHttp.BadField("second", "second is larger than the sealed ledger; GET /api/ledger/status gives its tree size.");
        }
    }

    /// <summary>
    /// How far sealing has got (and how far behind it is), the last checkpoint, the public keys checkpoints are signed
    /// with, and the last full verification of the ledger against the events.
    /// </summary>
    public static async Task<Ok<LedgerStatusView>> GetLedgerStatus(
        LedgerEntries entries, LedgerVerifications verifications, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(LedgerStatusView.From(await entries.StatusAsync(cancellationToken), await verifications.LatestAsync(cancellationToken),
            clock.GetUtcNow()));

    /// <summary>
    /// Starts a full verification of the ledger against the events, as a background job (nightly anyway); its result
    /// appears as <c>lastVerification</c> in the status. Asking while one is waiting or running returns that one.
    /// </summary>
    public static Accepted<VerificationStarted> StartLedgerVerification(JobRuns runs)
    {
        var runId = runs.EnqueueLedgerVerification();
        return TypedResults.Accepted("/api/ledger/status", new VerificationStarted(runId));
    }

    /// <summary>
    /// The ledger as JSON Lines (keys, checkpoints, entries with their events) for <c>dataport ledger verify --file</c>:
    /// whole, or the entries of events <c>fromPosition</c>..<c>toPosition</c>, widened to end at a signed checkpoint and
    /// starting with a <c>range</c> line (docs/ledger-format.md §7) so that it verifies on its own.
    /// </summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportLedger(
        long? fromPosition, long? toPosition, HttpContext http, ILedger ledger, CancellationToken cancellationToken)
    {
        if (fromPosition > toPosition)
        {
            return DomainHttp.BadField("fromPosition", "fromPosition must not be after toPosition.");
        }
        LedgerSeqRange? range = null;
        if (fromPosition is not null || toPosition is not null)
        {
            range = await ledger.ResolveRangeAsync(fromPosition, toPosition, cancellationToken);
            if (range is null)
            {
                return DomainHttp.BadField("fromPosition", "No sealed entry lies in that range; GET /api/ledger/status gives the last sealed position.");
            }
        }
        // The export writer is synchronous per line; it streams, so the response is never held in memory.
        if (http.Features.Get<IHttpBodyControlFeature>() is { } body)
        {
            body.AllowSynchronousIO = true;
        }
        var name = range is null ? "" : $"-{range.From}-{range.Until}";
        return TypedResults.Stream(stream => range is null ? ledger.ExportAsync(stream, http.RequestAborted) : ledger.ExportAsync(stream, range, http.RequestAborted),
            LedgerExportMediaType, $"dataport-ledger{name}-{DateTimeOffset.UtcNow:yyyyMMddTHHmmssZ}.jsonl");
    }

    private static async ValueTask<object?> RegulatorsOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!LedgerReader.SeesEverything(Caller.FromClaims(context.HttpContext.User)))
        {
            return TypedResults.Problem(title: "Not allowed.", detail: "This part of the audit ledger is open to regulators and operators.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        return await next(context);
    }

    private static ProblemHttpResult OtherOrganisation() => TypedResults.Problem(title: "Not allowed.",
        detail: "You can read your own organisation's records; leave out organisation, or ask a regulator.", statusCode: StatusCodes.Status403Forbidden);
}

/// <summary>Who is reading the ledger, and so which subjects they may see.</summary>
public sealed record LedgerReader(HttpContext Http, LedgerEntries Entries, ILedgerParties Parties)
{
    internal static bool SeesEverything(Caller? caller) => caller is not null && (caller.Is(Roles.Regulator) || caller.Is(Roles.Operator));

    /// <summary>
    /// The subjects to show, for a request about <paramref name="organisation"/> (null: no organisation filter). Regulators
    /// see every subject, or the named organisation's; anyone else their own organisation's, and null when they name another.
    /// </summary>
    public async Task<VisibleSubjects?> StreamsAsync(string? organisation, CancellationToken cancellationToken)
    {
        var caller = Caller.FromClaims(Http.User);
        if (SeesEverything(caller))
        {
            return organisation is null ? VisibleSubjects.All : new(await Parties.StreamsOfAsync(organisation, cancellationToken));
        }
        if (caller is null || string.IsNullOrEmpty(caller.OrganisationId) || (organisation is not null && organisation != caller.OrganisationId))
        {
            return null;
        }
        return new(await Parties.StreamsOfAsync(caller.OrganisationId, cancellationToken));
    }
}

/// <summary>Null <see cref="Streams"/>: every subject.</summary>
public sealed record VisibleSubjects(IReadOnlyList<string>? Streams)
{
    public static VisibleSubjects All { get; } = new((IReadOnlyList<string>?)null);

    public bool Shows(string stream) => Streams is null || Streams.Contains(stream, StringComparer.Ordinal);
}

public sealed record LedgerEntryWithProof(LedgerEntry Entry, InclusionProofView? Proof, CheckpointView? Checkpoint);

/// <summary>RFC 9162 inclusion proof: leaf <c>seq</c> of a tree of <c>treeSize</c>; hashes in lower-case hex.</summary>
public sealed record InclusionProofView(long Seq, long TreeSize, string EntryHash, IReadOnlyList<string> Path, string RootHash)
{
    internal static InclusionProofView From(InclusionProof proof) => new(
        proof.Seq, proof.TreeSize, Convert.ToHexStringLower(proof.EntryHash), [.. proof.Path.Select(Convert.ToHexStringLower)],
        Convert.ToHexStringLower(proof.RootHash));
}

/// <summary>A signed checkpoint; <c>signedText</c> is exactly the UTF-8 text the SM2 signature (DER, hex) covers.</summary>
public sealed record CheckpointView(long TreeSize, string RootHash, DateTimeOffset SignedAt, int KeyId, string Signature, string SignedText)
{
    internal static CheckpointView From(Checkpoint c) => new(
        c.TreeSize, Convert.ToHexStringLower(c.RootHash), c.Timestamp, c.KeyId, Convert.ToHexStringLower(c.Signature),
        System.Text.Encoding.UTF8.GetString(c.SignedBytes()));
}

public sealed record ConsistencyProofView(long FirstSize, long SecondSize, string FirstRoot, string SecondRoot, IReadOnlyList<string> Path)
{
    internal static ConsistencyProofView From(ConsistencyProof p) => new(
        p.FirstSize, p.SecondSize, Convert.ToHexStringLower(p.FirstRoot), Convert.ToHexStringLower(p.SecondRoot),
        [.. p.Path.Select(Convert.ToHexStringLower)]);
}

/// <summary>Public keys are uncompressed SM2 points in hex (04 ‖ x ‖ y).</summary>
public sealed record LedgerKeyView(int Id, string PublicKey);

/// <summary>
/// <c>sealingLagSeconds</c>: how long ago the sealer last advanced, when events are waiting (0 when none are).
/// <c>lastVerification</c>: the last full verification against the events (nightly, or <c>POST /api/ledger/verifications</c>).
/// </summary>
public sealed record LedgerStatusView(
    long LastEventPosition, long LastSealedPosition, long TreeSize, long UnsealedEvents, DateTimeOffset? LastSealedAt,
    double SealingLagSeconds, CheckpointView? LastCheckpoint, IReadOnlyList<LedgerKeyView> Keys, LedgerVerification? LastVerification)
{
    internal static LedgerStatusView From(LedgerStatus s, LedgerVerification? verification, DateTimeOffset now) => new(
        s.LastEventPosition, s.LastSealedPosition, s.TreeSize, s.UnsealedEvents, s.LastSealedAt,
        s.UnsealedEvents == 0 || s.LastSealedAt is not { } at ? 0 : Math.Max(0, Math.Round((now - at).TotalSeconds, 1)),
        s.LastCheckpoint is null ? null : CheckpointView.From(s.LastCheckpoint),
        [.. s.Keys.Select(k => new LedgerKeyView(k.Id, Convert.ToHexStringLower(k.PublicKey)))], verification);
}

public sealed record VerificationStarted(string RunId);
