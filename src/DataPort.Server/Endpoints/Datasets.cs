using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Assets;
using DataPort.Grains.Datasets;
using DataPort.Identity;
using DataPort.ReadModels;
using DataPort.ReadModels.Datasets;
using DataPort.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Datasets (公共数据开发目录 entries and products): created by the owner from a registered asset, released in
/// versions, offered under licence options, published; suspended and resumed by the regulator.
/// </summary>
public static class Datasets
{
    public static IEndpointRouteBuilder MapDatasets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/datasets").WithTags("Datasets").RequireAuthorization(DataPortPolicies.CatalogRead)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", SearchDatasets).WithName(nameof(SearchDatasets));
        // Apps change the catalog only with merchant.manage; reading it takes catalog.read.
        group.MapPost("/", CreateDataset).WithName(nameof(CreateDataset)).RequireAuthorization(DataPortPolicies.MerchantManage)
            .AddEndpointFilter<IdempotencyFilter<DatasetCreation>>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id}", GetDataset).WithName(nameof(GetDataset));

        var changes = group.MapGroup("/{id}").RequireAuthorization(DataPortPolicies.MerchantManage)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        changes.MapPost("/versions", AddDatasetVersion).WithName(nameof(AddDatasetVersion));
        changes.MapPost("/licence-options", AddLicenceOption).WithName(nameof(AddLicenceOption));
        changes.MapPost("/publish", PublishDataset).WithName(nameof(PublishDataset));
        changes.MapPost("/unpublish", UnpublishDataset).WithName(nameof(UnpublishDataset));

        // The regulator's part: apps need audit.read, not merchant.manage (the decider allows regulators only).
        var oversight = group.MapGroup("/{id}").RequireAuthorization(DataPortPolicies.AuditRead)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        oversight.MapPost("/suspend", SuspendDataset).WithName(nameof(SuspendDataset));
        oversight.MapPost("/resume", ResumeDataset).WithName(nameof(ResumeDataset));
        return app;
    }

    /// <summary>Published datasets (and the caller's own organisation's), newest first; <c>q</c> matches either title.</summary>
    public static async Task<Ok<Page<DatasetView>>> SearchDatasets(
        string? q, string? theme, int? page, int? pageSize, HttpContext http, DatasetCatalog catalog, CancellationToken cancellationToken)
    {
        var actor = Caller.FromClaims(http.User);
        var result = await catalog.SearchAsync(
            new DatasetSearch(q, theme, actor?.OrganisationId, DomainHttp.PageNumber(page), DomainHttp.PageSize(pageSize)), cancellationToken);
        return TypedResults.Ok(result);
    }

    /// <summary>Creates a draft dataset from a registered asset. Send an <c>Idempotency-Key</c> so a retry never creates twice.</summary>
    public static async Task<Results<Created<Dataset>, ProblemHttpResult>> CreateDataset(DatasetCreation creation, [AsParameters] CreateContext context)
    {
        if (Caller.FromClaims(context.Http.User) is not { } actor)
        {
            return DomainHttp.NoActor();
        }
        if (string.IsNullOrWhiteSpace(creation.AssetId))
        {
            return DomainHttp.Problem(new InvalidInputException("assetId is required."));
        }
        var asset = await context.Grains.GetGrain<IAssetRegistrationGrain>(creation.AssetId).GetAsync();
        var id = Guid.CreateVersion7().ToString("N");
        try
        {
            var created = await context.Grains.GetGrain<IDatasetGrain>(id).ExecuteAsync(new CreateDataset(
                id, asset?.State, creation.ToMetadata(), creation.Columns ?? [], creation.PublicData ?? true, actor, context.Time.GetUtcNow()));
            DomainHttp.SetETag(context.Http, created.Version);
            return TypedResults.Created($"/api/datasets/{id}", created.State);
        }
        catch (DomainException refusal)
        {
            return DomainHttp.Problem(refusal);
        }
    }

    /// <summary>One dataset; drafts and suspended ones only for the owner organisation, operators and regulators.</summary>
    public static async Task<Results<Ok<Dataset>, ProblemHttpResult>> GetDataset(string id, [AsParameters] ReadContext context)
    {
        var dataset = await context.Grains.GetGrain<IDatasetGrain>(id).GetAsync();
        if (dataset is null || Caller.FromClaims(context.Http.User) is not { } actor || !CanSee(actor, dataset.State))
        {
            return DomainHttp.NotFound($"Dataset '{id}'");
        }
        DomainHttp.SetETag(context.Http, dataset.Version);
        return TypedResults.Ok(dataset.State);
    }

    /// <summary>Records a masked release (content hash, rows, pipeline run) as the next version.</summary>
    public static Task<Results<Ok<Dataset>, ProblemHttpResult>> AddDatasetVersion(string id, VersionRelease release, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new AddDatasetVersion(id, release.ContentHash ?? "", release.RowCount, release.PipelineRunId ?? "", by, at));

    /// <summary>Offers a licence; prices are integer fen and capped for public data.</summary>
    public static Task<Results<Ok<Dataset>, ProblemHttpResult>> AddLicenceOption(string id, LicenceOptionRequest option, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new AddLicenceOption(id, option.ToOption(), by, at));

    public static Task<Results<Ok<Dataset>, ProblemHttpResult>> PublishDataset(string id, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new PublishDataset(id, by, at));

    public static Task<Results<Ok<Dataset>, ProblemHttpResult>> UnpublishDataset(string id, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new UnpublishDataset(id, by, at));

    /// <summary>Regulators only: freezes the dataset (no new requests, no changes) until resumed.</summary>
    public static Task<Results<Ok<Dataset>, ProblemHttpResult>> SuspendDataset(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new SuspendDataset(id, request.Reason ?? "", by, at));

    /// <summary>Lifts a regulator's suspension; <c>reason</c> is required and recorded in the ledger.</summary>
    public static Task<Results<Ok<Dataset>, ProblemHttpResult>> ResumeDataset(string id, ReasonRequest request, [AsParameters] ChangeContext context) =>
        Change(id, context, (by, at) => new ResumeDataset(id, request.Reason ?? "", by, at));

    private static Task<Results<Ok<Dataset>, ProblemHttpResult>> Change(
        string id, ChangeContext context, Func<Caller, DateTimeOffset, DatasetCommand> command) =>
        DomainHttp.ChangeAsync(context.Http, context.IfMatch, (actor, expected) =>
            context.Grains.GetGrain<IDatasetGrain>(id).ExecuteAsync(command(actor, context.Time.GetUtcNow()), expected));

    /// <summary>Anyone sees an available dataset; drafts and suspended ones only its owner organisation, operators and regulators.</summary>
    internal static bool CanSee(Caller? actor, Dataset dataset) =>
        dataset.Available
        || (actor is not null
            && (dataset.OwnerOrganisationId == actor.OrganisationId || actor.Is(Roles.Operator) || actor.Is(Roles.Regulator)));
}

/// <summary>A new dataset; <c>publicData</c> (default true) applies the public-data fee cap to its licences.</summary>
public sealed record DatasetCreation(
    string? AssetId, LocalizedText? Title, LocalizedText? Description, string? Theme, string? OwnerDepartment, UpdateFrequency? UpdateFrequency,
    IReadOnlyList<DatasetColumn>? Columns, bool? PublicData)
{
    internal DatasetMetadata ToMetadata() => new(
        Title ?? new LocalizedText("", ""), Description ?? new LocalizedText("", ""), Theme ?? "", OwnerDepartment ?? "",
        UpdateFrequency ?? Domain.Datasets.UpdateFrequency.Irregular);
}

public sealed record VersionRelease(string? ContentHash, long RowCount, string? PipelineRunId);

public sealed record LicenceOptionRequest(
    string? Id, string? Name, bool PurposeLimited, int TermDays, bool DownloadAllowed, bool AggregateOnly, PriceKind Price, long AmountFen)
{
    internal LicenceOption ToOption() => new(Id ?? "", Name ?? "", PurposeLimited, TermDays, DownloadAllowed, AggregateOnly, new PriceModel(Price, AmountFen));
}
