using DataPort.Domain.Assets;
using DataPort.Domain.Certificates;
using DataPort.Domain.Common;
using DataPort.Grains.Assets;
using DataPort.Identity;
using DataPort.ReadModels;
using DataPort.ReadModels.Assets;
using DataPort.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans;

namespace DataPort.Server.Endpoints;

/// <summary>
/// 数据资产登记: owners submit and amend, operators review, register (certificate) or reject, anyone may object,
/// operators resolve objections; owner, operator or regulator revoke. Who may do what is decided in the domain.
/// </summary>
public static class Assets
{
    public static IEndpointRouteBuilder MapAssets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/assets").WithTags("Assets").RequireAuthorization(DataPortPolicies.MerchantManage)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", SubmitAsset).WithName(nameof(SubmitAsset))
            .AddEndpointFilter<IdempotencyFilter<AssetSubmission>>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListAssets).WithName(nameof(ListAssets));
        group.MapGet("/{id}", GetAsset).WithName(nameof(GetAsset));
        group.MapGet("/{id}/certificate", GetAssetCertificate).WithName(nameof(GetAssetCertificate));

        var changes = group.MapGroup("/{id}")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        changes.MapPut("/", AmendAsset).WithName(nameof(AmendAsset));
        changes.MapPost("/review", StartAssetReview).WithName(nameof(StartAssetReview));
        changes.MapPost("/register", RegisterAsset).WithName(nameof(RegisterAsset));
        changes.MapPost("/reject", RejectAsset).WithName(nameof(RejectAsset));
        changes.MapPost("/objections", RaiseAssetObjection).WithName(nameof(RaiseAssetObjection));
        changes.MapPost("/objections/resolve", ResolveAssetObjection).WithName(nameof(ResolveAssetObjection));
        changes.MapPost("/revoke", RevokeAsset).WithName(nameof(RevokeAsset));
        return app;
    }

    /// <summary>
    /// The caller organisation's registrations, newest change first; operators and regulators see every organisation's.
    /// With <c>status</c> (e.g. <c>submitted</c>, <c>under-review</c>: the review queue) the oldest submission comes first.
    /// </summary>
    public static async Task<Results<Ok<Page<AssetView>>, ProblemHttpResult>> ListAssets(
        AssetStatus? status, string? q, string? organisationId, int? page, int? pageSize, HttpContext http, AssetDirectory directory,
        CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(http.User) is not { } caller)
        {
            return DomainHttp.NoActor();
        }
        var seesAll = caller.Is(Roles.Operator) || caller.Is(Roles.Regulator);
        var owner = seesAll ? organisationId : caller.OrganisationId;
        var search = new AssetSearch(owner, status, q, DomainHttp.PageNumber(page), DomainHttp.PageSize(pageSize));
        return TypedResults.Ok(await directory.ListAsync(search, cancellationToken));
    }

    /// <summary>Submits a data asset for registration. Send an <c>Idempotency-Key</c> so a retry never submits twice.</summary>
    public static async Task<Results<Created<AssetRegistration>, ProblemHttpResult>> SubmitAsset(
        AssetSubmission submission, [AsParameters] CreateContext context)
    {
        if (Caller.FromClaims(context.Http.User) is not { } actor)
        {
            return DomainHttp.NoActor();
        }
        var id = Guid.CreateVersion7().ToString("N");
        try
        {
            var caller = actor;
            var created = await context.Grains.GetGrain<IAssetRegistrationGrain>(id).ExecuteAsync(
                new SubmitAsset(id, submission.OwnerOrganisationId ?? actor.OrganisationId, submission.ToDetails(), caller, context.Time.GetUtcNow()));
            DomainHttp.SetETag(context.Http, created.Version);
            return TypedResults.Created($"/api/assets/{id}", created.State);
        }
        catch (DomainException refusal)
        {
            return DomainHttp.Problem(refusal);
        }
    }

    /// <summary>One registration; visible to its owner organisation, operators and regulators, and to anyone once registered.</summary>
    public static async Task<Results<Ok<AssetRegistration>, ProblemHttpResult>> GetAsset(string id, [AsParameters] ReadContext context)
    {
        var asset = await context.Grains.GetGrain<IAssetRegistrationGrain>(id).GetAsync();
        if (asset is null || Caller.FromClaims(context.Http.User) is not { } actor || !CanSee(actor, asset.State))
        {
            return DomainHttp.NotFound($"Asset '{id}'");
        }
        DomainHttp.SetETag(context.Http, asset.Version);
        return TypedResults.Ok(asset.State);
    }

    /// <summary>The registration certificate with the platform key that signed it, so anyone can verify it.</summary>
    public static async Task<Results<Ok<CertificateView>, ProblemHttpResult>> GetAssetCertificate(
        string id, [AsParameters] ReadContext context, ICertificateSigner signer)
    {
        var asset = await context.Grains.GetGrain<IAssetRegistrationGrain>(id).GetAsync();
        if (asset?.State.Certificate is not { } certificate)
        {
            return DomainHttp.NotFound($"A certificate for asset '{id}'");
        }
        var publicKey = certificate.KeyId == signer.KeyId ? Convert.ToHexStringLower(signer.PublicKey) : null;
        return TypedResults.Ok(new CertificateView(certificate, asset.State.Status.ToString(), publicKey,
            publicKey is not null && CertificateVerifier.Verify(certificate, signer.PublicKey)));
    }

    /// <summary>Replaces the declared details (while submitted, rejected — which resubmits — or under objection).</summary>
    public static Task<Results<Ok<AssetRegistration>, ProblemHttpResult>> AmendAsset(string id, AssetDetailsRequest details, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new AmendAsset(id, details.ToDetails(), by, at));

    public static Task<Results<Ok<AssetRegistration>, ProblemHttpResult>> StartAssetReview(string id, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new StartAssetReview(id, by, at));

    /// <summary>Registers the asset: allocates the next <c>XMDA-YYYY-NNNNNN</c> number and signs the certificate (SM2).</summary>
    public static Task<Results<Ok<AssetRegistration>, ProblemHttpResult>> RegisterAsset(string id, [AsParameters] ChangeContext context) =>
        DomainHttp.ChangeAsync(context.Http, context.IfMatch, (actor, expected) =>
            context.Grains.GetGrain<IAssetRegistrationGrain>(id).RegisterAsync(actor, context.Time.GetUtcNow(), expected));

    public static Task<Results<Ok<AssetRegistration>, ProblemHttpResult>> RejectAsset(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new RejectAsset(id, request.Reason ?? "", by, at));

    public static Task<Results<Ok<AssetRegistration>, ProblemHttpResult>> RaiseAssetObjection(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new RaiseAssetObjection(id, request.Reason ?? "", by, at));

    public static Task<Results<Ok<AssetRegistration>, ProblemHttpResult>> ResolveAssetObjection(
        string id, ResolutionRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new ResolveAssetObjection(id, request.Resolution ?? "", by, at));

    public static Task<Results<Ok<AssetRegistration>, ProblemHttpResult>> RevokeAsset(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new RevokeAsset(id, request.Reason ?? "", by, at));

    private static Task<Results<Ok<AssetRegistration>, ProblemHttpResult>> Change(
        string id, ChangeContext context, Func<Caller, DateTimeOffset, AssetCommand> command) =>
        DomainHttp.ChangeAsync(context.Http, context.IfMatch, (actor, expected) =>
            context.Grains.GetGrain<IAssetRegistrationGrain>(id).ExecuteAsync(command(actor, context.Time.GetUtcNow()), expected));

    private static bool CanSee(Caller actor, AssetRegistration asset) =>
        asset.OwnerOrganisationId == actor.OrganisationId
        || actor.Is(Roles.Operator) || actor.Is(Roles.Regulator)
        || asset.Status is AssetStatus.Registered or AssetStatus.Objected;
}

/// <summary>Dependencies of a creating POST; the key itself is handled by the idempotency filter.</summary>
public sealed record CreateContext(
    HttpContext Http, IGrainFactory Grains, TimeProvider Time,
    [FromHeader(Name = "Idempotency-Key")] string? IdempotencyKey);

/// <summary>Dependencies of a change; <c>If-Match</c> carries the ETag of the last read (the expected stream version).</summary>
public sealed record ChangeContext(
    HttpContext Http, IGrainFactory Grains, TimeProvider Time,
    [FromHeader(Name = "If-Match")] string? IfMatch);

public sealed record ReadContext(HttpContext Http, IGrainFactory Grains);

public sealed record AssetDetailsRequest(
    LocalizedText? Title, string? Description, string? SourceDepartment, IReadOnlyList<string>? DataCategories, string? LegalBasis,
    IReadOnlyList<AssetColumn>? Schema)
{
    internal AssetDetails ToDetails() => new(
        Title ?? new LocalizedText("", ""), Description ?? "", SourceDepartment ?? "", DataCategories ?? [], LegalBasis ?? "", Schema ?? []);
}

/// <summary>A submission; <c>ownerOrganisationId</c> defaults to the caller's organisation.</summary>
public sealed record AssetSubmission(
    string? OwnerOrganisationId, LocalizedText? Title, string? Description, string? SourceDepartment, IReadOnlyList<string>? DataCategories,
    string? LegalBasis, IReadOnlyList<AssetColumn>? Schema)
{
    internal AssetDetails ToDetails() => new AssetDetailsRequest(Title, Description, SourceDepartment, DataCategories, LegalBasis, Schema).ToDetails();
}

public sealed record ReasonRequest(string? Reason);

public sealed record ResolutionRequest(string? Resolution);

/// <summary><c>publicKey</c> (hex, uncompressed SM2 point) is given when the certificate was signed with the current platform key.</summary>
public sealed record CertificateView(AssetCertificate Certificate, string AssetStatus, string? PublicKey, bool SignatureValid);
