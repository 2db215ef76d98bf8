using DataPort.Catalog.Uploads;
using DataPort.Domain.Common;
using DataPort.Domain.Datasets;
using DataPort.Grains.Datasets;
using DataPort.Identity;
using DataPort.Jobs;
using DataPort.Tabular.Csv;
using DataPort.ReadModels;
using DataPort.Server.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DataPort.Server.Endpoints;

/// <summary>
/// A merchant's own data, from file to version: upload a CSV (the pipeline drafts it as a job), follow the draft,
/// change column decisions (the pipeline drafts again), publish. Only the owner organisation sees its uploads.
/// </summary>
public static class Uploads
{
    public const string UploadOperation = nameof(UploadDatasetFile);

    public static IEndpointRouteBuilder MapUploads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/datasets/{id}/uploads").WithTags("Uploads").RequireAuthorization(DataPortPolicies.MerchantManage)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        // The body is read as a stream (never buffered as a form); OpenApiDocumentInfo describes it.
        group.MapPost("/", UploadDatasetFile).WithName(UploadOperation)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/", ListUploads).WithName(nameof(ListUploads));
        group.MapGet("/{uploadId}", GetUpload).WithName(nameof(GetUpload));
        group.MapPut("/{uploadId}/columns", ChooseUploadColumns).WithName(nameof(ChooseUploadColumns))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{uploadId}/publish", PublishUpload).WithName(nameof(PublishUpload))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>
    /// Uploads a CSV or a Parquet file (multipart field <c>file</c>, or the raw body with <c>fileName</c>) and starts its
    /// draft. CSV is UTF-8 with or without a byte-order mark; <c>encoding=gb18030</c> converts a GBK/GB18030 export. A
    /// Parquet file is known by its first bytes and read as it is. The header (a Parquet file's columns) must name the
    /// dataset's columns. Answers 202 with the upload; follow it at its Location until its status is ready or failed.
    /// </summary>
    public static async Task<Results<Accepted<UploadView>, ProblemHttpResult>> UploadDatasetFile(
        string id, string? fileName, string? encoding, HttpRequest request, UploadReceiver receiver, IOptions<UploadOptions> options,
        CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(request.HttpContext.User) is not { } caller)
        {
            return DomainHttp.NoActor();
        }
        if (!CsvEncodings.TryParse(encoding, out var textEncoding))
        {
            return DomainHttp.BadField("encoding", $"Unknown encoding '{encoding}'; one of {CsvEncodings.Names}.");
        }
        // Room for multipart framing above the file itself; the receiver counts the file's own bytes.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxBytes + (1 << 20);
        }
        try
        {
            await using var file = await OpenFileAsync(request, fileName, cancellationToken);
            if (file is null)
            {
                return DomainHttp.BadField("file", "Send the CSV or Parquet file as the multipart field 'file', or as the request body with ?fileName=.");
            }
            var upload = await receiver.ReceiveAsync(id, new IncomingFile(file.Name, textEncoding, file.Content, file.Length), caller, cancellationToken);
            return TypedResults.Accepted($"/api/datasets/{id}/uploads/{upload.UploadId}", UploadView.From(id, upload, progress: null));
        }
        catch (DomainException refusal)
        {
            return DomainHttp.Problem(refusal);
        }
        catch (UploadTooLargeException e)
        {
            return TypedResults.Problem(title: "The file is too large.", detail: e.Message, statusCode: StatusCodes.Status413PayloadTooLarge,
                extensions: new Dictionary<string, object?> { ["maxBytes"] = e.MaxBytes });
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(title: "The file is too large.", detail: $"Uploads are limited to {options.Value.MaxBytes:N0} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge, extensions: new Dictionary<string, object?> { ["maxBytes"] = options.Value.MaxBytes });
        }
        catch (UploadRejectedException e)
        {
            return Rejected(e.Message, e.Line, e.Column);
        }
    }

    /// <summary>The dataset's uploads, newest first; the owner organisation's only.</summary>
    public static async Task<Results<Ok<Page<UploadView>>, ProblemHttpResult>> ListUploads(
        string id, int? page, int? pageSize, [AsParameters] UploadReadContext context, CancellationToken cancellationToken)
    {
        if (await OwnDatasetAsync(id, context) is not { } dataset)
        {
            return DomainHttp.NotFound($"Dataset '{id}'");
        }
        var (number, size) = (DomainHttp.PageNumber(page), DomainHttp.PageSize(pageSize));
        var uploads = dataset.Uploads.Reverse().Skip((number - 1) * size).Take(size).ToList();
        var views = new List<UploadView>(uploads.Count);
        foreach (var upload in uploads)
        {
            views.Add(UploadView.From(id, upload, Progress(upload, context.Jobs)));
        }
        return TypedResults.Ok(new Page<UploadView>(views, dataset.Uploads.Count, number, size));
    }

    /// <summary>One upload: while preparing, the pipeline's stage and rows read; when ready, the draft to review.</summary>
    public static async Task<Results<Ok<UploadView>, ProblemHttpResult>> GetUpload(
        string id, string uploadId, [AsParameters] UploadReadContext context, CancellationToken cancellationToken)
    {
        if ((await OwnDatasetAsync(id, context))?.Upload(uploadId) is not { } upload)
        {
            return DomainHttp.NotFound($"Upload '{uploadId}' of dataset '{id}'");
        }
        return TypedResults.Ok(UploadView.From(id, upload, Progress(upload, context.Jobs)));
    }

    /// <summary>
    /// Changes column decisions of a ready draft (mark a column a place, raise a grade; never below the column's floor).
    /// The pipeline drafts again: 202, then follow the upload until it is ready.
    /// </summary>
    public static async Task<Results<Accepted<UploadView>, ProblemHttpResult>> ChooseUploadColumns(
        string id, string uploadId, ColumnChoices choices, [AsParameters] UploadChangeContext context, CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(context.Http.User) is not { } caller)
        {
            return DomainHttp.NoActor();
        }
        try
        {
            var upload = await context.Choices.ChooseAsync(id, uploadId, choices.Columns ?? [], caller);
            return TypedResults.Accepted($"/api/datasets/{id}/uploads/{uploadId}", UploadView.From(id, upload, progress: null));
        }
        catch (DomainException refusal)
        {
            return DomainHttp.Problem(refusal);
        }
    }

    /// <summary>
    /// Publishes the ready draft: written as the next version's release, loaded into the sandbox, recorded with its
    /// lineage; a draft dataset with a licence option is published with it. Answers the dataset.
    /// </summary>
    public static async Task<Results<Ok<Dataset>, ProblemHttpResult>> PublishUpload(
        string id, string uploadId, HttpContext http, UploadPublisher publisher, CancellationToken cancellationToken)
    {
        if (Caller.FromClaims(http.User) is not { } caller)
        {
            return DomainHttp.NoActor();
        }
        try
        {
            var published = await publisher.PublishAsync(id, uploadId, caller, cancellationToken);
            DomainHttp.SetETag(http, published.Version);
            return TypedResults.Ok(published.State);
        }
        catch (DomainException refusal)
        {
            return DomainHttp.Problem(refusal);
        }
    }

    private static async Task<Dataset?> OwnDatasetAsync(string id, UploadReadContext context)
    {
        var dataset = (await context.Grains.GetGrain<IDatasetGrain>(id).GetAsync())?.State;
        var caller = Caller.FromClaims(context.Http.User);
        return dataset is not null && caller is not null && (dataset.OwnerOrganisationId == caller.OrganisationId || caller.Is(Roles.Operator))
            ? dataset
            : null;
    }

    internal static UploadProgress? Progress(DatasetUpload upload, JobRuns jobs)
    {
        if (upload.Status != UploadStatus.Preparing || jobs.Get(upload.RunId) is not { } run)
        {
            return null;
        }
        // What the file's owner can fix becomes the upload's failure; a run's own error is ours (a database, a disk) and may
        // name internals, so the owner is only told that it is being retried. Operators see it in /api/jobs.
        return new UploadProgress(run.State.ToStorage(), run.Progress?.Stage, run.Progress?.Items ?? 0,
            run.Progress?.Done ?? 0, run.Progress?.Total ?? upload.Bytes, run.Attempts,
            run.Error is null ? null : "An attempt failed on the port's side; it is retried automatically, nothing to do on yours.");
    }

    private static ProblemHttpResult Rejected(string message, long? line, long? column) => TypedResults.Problem(
        title: "The file cannot be used as it is.",
        detail: message,
        statusCode: StatusCodes.Status422UnprocessableEntity,
        extensions: new Dictionary<string, object?> { ["field"] = "file", ["line"] = line, ["column"] = column });

    /// <summary>The file part of a multipart body, or the raw body; null when a multipart body has no file.</summary>
    private static async Task<IncomingBody?> OpenFileAsync(HttpRequest request, string? fileName, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return new IncomingBody(fileName ?? "upload.csv", request.Body, request.ContentLength, section: null);
        }
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return null;
        }
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                return new IncomingBody(fileName ?? name ?? "upload.csv", section.Body, declaredLength: null, section);
            }
        }
        return null;
    }

    private sealed class IncomingBody(string name, Stream content, long? declaredLength, MultipartSection? section) : IAsyncDisposable
    {
        public string Name { get; } = name;

        public Stream Content { get; } = content;

        public long? Length { get; } = declaredLength;

        // The request body belongs to the server; only a section's buffer is ours to release.
        public ValueTask DisposeAsync() => section is null ? ValueTask.CompletedTask : section.Body.DisposeAsync();
    }
}

public sealed record UploadReadContext(HttpContext Http, Orleans.IGrainFactory Grains, JobRuns Jobs);

public sealed record UploadChangeContext(HttpContext Http, UploadColumnChoices Choices);

/// <summary>The column decisions to apply; a column not named keeps its earlier decision.</summary>
public sealed record ColumnChoices(IReadOnlyList<ColumnChoice>? Columns);

/// <summary>An upload as its owner follows it.</summary>
public sealed record UploadView(
    string UploadId,
    string DatasetId,
    string FileName,
    long Bytes,
    string SourceSha256,
    string Encoding,
    UploadStatus Status,
    int Revision,
    IReadOnlyList<ColumnChoice> Choices,
    DraftRelease? Draft,
    UploadFailure? Failure,
    int? PublishedVersion,
    UploadProgress? Progress,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt)
{
    internal static UploadView From(string datasetId, DatasetUpload u, UploadProgress? progress) => new(
        u.UploadId, datasetId, u.FileName, u.Bytes, u.SourceSha256, u.Encoding, u.Status, u.Revision, u.Choices, u.Draft, u.Failure,
        u.PublishedVersion, progress, u.ReceivedAt, u.UpdatedAt);
}

/// <summary>The draft job as it runs: its state, the pipeline's stage, rows and bytes read of the total, attempts, last error.</summary>
public sealed record UploadProgress(string Run, string? Stage, long RowsRead, long BytesRead, long TotalBytes, int Attempts, string? Error);
