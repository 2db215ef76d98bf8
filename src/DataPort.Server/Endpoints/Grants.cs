using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Grains.Datasets;
using DataPort.Grains.Grants;
using DataPort.Identity;
using DataPort.ReadModels;
using DataPort.ReadModels.Grants;
using DataPort.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Access grants (授权): developers request, the dataset's owner organisation approves (possibly narrower) or
/// denies, regulators suspend and resume, owner or regulator revoke. <c>authorize</c> answers whether a use is
/// allowed right now, without recording it.
/// </summary>
public static class Grants
{
    public static IEndpointRouteBuilder MapGrants(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/grants").WithTags("Grants").RequireAuthorization(DataPortPolicies.CatalogRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", ListGrants).WithName(nameof(ListGrants));
        group.MapPost("/", RequestAccess).WithName(nameof(RequestAccess))
            .AddEndpointFilter<IdempotencyFilter<AccessRequest>>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}", GetGrant).WithName(nameof(GetGrant));
        group.MapPost("/{id}/authorize", AuthorizeGrantUse).WithName(nameof(AuthorizeGrantUse));

        var changes = group.MapGroup("/{id}")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        changes.MapPost("/approve", ApproveGrant).WithName(nameof(ApproveGrant));
        changes.MapPost("/deny", DenyGrant).WithName(nameof(DenyGrant));
        changes.MapPost("/suspend", SuspendGrant).WithName(nameof(SuspendGrant));
        changes.MapPost("/resume", ResumeGrant).WithName(nameof(ResumeGrant));
        changes.MapPost("/revoke", RevokeGrant).WithName(nameof(RevokeGrant));
        return app;
    }

    /// <summary>Grants where the caller's organisation is owner or developer; regulators and operators see all.</summary>
    public static async Task<Ok<Page<GrantView>>> ListGrants(
        string? datasetId, GrantStatus? status, int? page, int? pageSize, HttpContext http, GrantDirectory directory, CancellationToken cancellationToken)
    {
        var actor = Caller.FromClaims(http.User);
        var party = actor is not null && (actor.Is(Roles.Regulator) || actor.Is(Roles.Operator)) ? null : actor?.OrganisationId ?? "";
        var result = await directory.ListAsync(
            new GrantSearch(party, datasetId, status, DomainHttp.PageNumber(page), DomainHttp.PageSize(pageSize)), cancellationToken);
        return TypedResults.Ok(result);
    }

    /// <summary>Requests access to a published dataset under one of its licence options. Send an <c>Idempotency-Key</c>.</summary>
    public static async Task<Results<Created<AccessGrant>, ProblemHttpResult>> RequestAccess(AccessRequest request, [AsParameters] CreateContext context)
    {
        if (Caller.FromClaims(context.Http.User) is not { } actor)
        {
            return DomainHttp.NoActor();
        }
        if (string.IsNullOrWhiteSpace(request.DatasetId))
        {
            return DomainHttp.Problem(new InvalidInputException("datasetId is required."));
        }
        var dataset = await context.Grains.GetGrain<IDatasetGrain>(request.DatasetId).GetAsync();
        var id = Guid.CreateVersion7().ToString("N");
        try
        {
            var created = await context.Grains.GetGrain<IAccessGrantGrain>(id).ExecuteAsync(new Domain.Grants.RequestAccess(
                id, dataset?.State, request.Purpose ?? "", request.Fields ?? [], request.TermDays, request.LicenceOptionId ?? "",
                request.DatasetVersion, actor, context.Time.GetUtcNow()));
            DomainHttp.SetETag(context.Http, created.Version);
            return TypedResults.Created($"/api/grants/{id}", created.State);
        }
        catch (DomainException refusal)
        {
            return DomainHttp.Problem(refusal);
        }
    }

    /// <summary>One grant; visible to its developer and owner organisations, operators and regulators.</summary>
    public static async Task<Results<Ok<AccessGrant>, ProblemHttpResult>> GetGrant(string id, [AsParameters] ReadContext context)
    {
        var grant = await context.Grains.GetGrain<IAccessGrantGrain>(id).GetAsync();
        if (grant is null || Caller.FromClaims(context.Http.User) is not { } actor || !CanSee(actor, grant.State))
        {
            return DomainHttp.NotFound($"Grant '{id}'");
        }
        DomainHttp.SetETag(context.Http, grant.Version);
        return TypedResults.Ok(grant.State);
    }

    /// <summary>Whether the grant allows a use now (state, dataset version, fields, use kind, quotas); records nothing.</summary>
    public static async Task<Results<Ok<AuthorizationView>, ProblemHttpResult>> AuthorizeGrantUse(
        string id, UseRequest use, [AsParameters] ReadContext context, TimeProvider time)
    {
        var grain = context.Grains.GetGrain<IAccessGrantGrain>(id);
        var grant = await grain.GetAsync();
        if (grant is null || Caller.FromClaims(context.Http.User) is not { } actor || !CanSee(actor, grant.State))
        {
            return DomainHttp.NotFound($"Grant '{id}'");
        }
        var decision = await grain.AuthorizeAsync(
            new GrantUse(grant.State.DatasetId, use.DatasetVersion, use.Fields ?? [], use.Kind, use.Rows), time.GetUtcNow());
        return TypedResults.Ok(decision is Denied denied ? new AuthorizationView(false, denied.Reason) : new AuthorizationView(true, null));
    }

    /// <summary>The dataset's owner organisation approves, optionally narrowing fields and term, and sets the quotas.</summary>
    public static Task<Results<Ok<AccessGrant>, ProblemHttpResult>> ApproveGrant(string id, Approval approval, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new Domain.Grants.ApproveGrant(id, approval.Fields, approval.TermDays,
            new GrantQuota(approval.MaxQueries, approval.MaxRows, approval.MaxDownloads), by, at));

    public static Task<Results<Ok<AccessGrant>, ProblemHttpResult>> DenyGrant(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new Domain.Grants.DenyGrant(id, request.Reason ?? "", by, at));

    public static Task<Results<Ok<AccessGrant>, ProblemHttpResult>> SuspendGrant(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new Domain.Grants.SuspendGrant(id, request.Reason ?? "", by, at));

    /// <summary>Lifts a regulator's suspension; <c>reason</c> is required and recorded in the ledger.</summary>
    public static Task<Results<Ok<AccessGrant>, ProblemHttpResult>> ResumeGrant(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new Domain.Grants.ResumeGrant(id, request.Reason ?? "", by, at));

    public static Task<Results<Ok<AccessGrant>, ProblemHttpResult>> RevokeGrant(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new Domain.Grants.RevokeGrant(id, request.Reason ?? "", by, at));

    private static Task<Results<Ok<AccessGrant>, ProblemHttpResult>> Change(
        string id, ChangeContext context, Func<Caller, DateTimeOffset, GrantCommand> command) =>
        DomainHttp.ChangeAsync(context.Http, context.IfMatch, (actor, expected) =>
            context.Grains.GetGrain<IAccessGrantGrain>(id).ExecuteAsync(command(actor, context.Time.GetUtcNow()), expected));

    private static bool CanSee(Caller actor, AccessGrant grant) =>
        grant.DeveloperOrganisationId == actor.OrganisationId || grant.OwnerOrganisationId == actor.OrganisationId
        || actor.Is(Roles.Operator) || actor.Is(Roles.Regulator);
}

/// <summary>A request for access; <c>datasetVersion</c> pins the grant to one release (null: any release).</summary>
public sealed record AccessRequest(
    string? DatasetId, string? Purpose, IReadOnlyList<string>? Fields, int TermDays, string? LicenceOptionId, int? DatasetVersion);

/// <summary>Null fields or term keep what was requested; null quotas are unlimited.</summary>
public sealed record Approval(IReadOnlyList<string>? Fields, int? TermDays, long? MaxQueries, long? MaxRows, long? MaxDownloads);

public sealed record UseRequest(int DatasetVersion, IReadOnlyList<string>? Fields, UseKind Kind, long Rows);

public sealed record AuthorizationView(bool Allowed, string? Reason);
