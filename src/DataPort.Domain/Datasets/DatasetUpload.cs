namespace DataPort.Domain.Datasets;

/// <summary>Where an upload stands: the pipeline prepares a draft, the owner reviews it and publishes it.</summary>
public enum UploadStatus
{
    Preparing,
    Ready,
    Failed,
    Published,
}

/// <summary>The grades of GB/T 43697 (一般 / 重要 / 核心), ordered so that a higher grade compares greater.</summary>
public enum ColumnGrade
{
    General,
    Important,
    Core,
}

/// <summary>Whom a column's values are about: a person (the default) or a place, which singles nobody out.</summary>
public enum ColumnSubject
{
    Person,
    Place,
}

/// <summary>The owner's decision for one column of a draft; a null part keeps what classification found.</summary>
public sealed record ColumnChoice(string Column, ColumnSubject? Subject, ColumnGrade? Grade);

/// <summary>
/// One uploaded file on its way to becoming a version: what was received (name, size, SHA-256 of the UTF-8 content),
/// the owner's column choices, and the pipeline's latest draft for them. <see cref="Revision"/> counts the choices
/// made, so a draft computed for earlier choices is never taken for the current one.
/// </summary>
public sealed record DatasetUpload(
    string UploadId,
    string FileName,
    long Bytes,
    string SourceSha256,
    string Encoding,
    UploadStatus Status,
    int Revision,
    string RunId,
    IReadOnlyList<ColumnChoice> Choices,
    DraftRelease? Draft,
    UploadFailure? Failure,
    int? PublishedVersion,
    string ReceivedBy,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// What publishing the upload would release: the masked content's hash and rows, the k-anonymity outcome and, per
/// column, its classification, grade (never below <see cref="DraftColumn.Floor"/>, the national rule's) and masking.
/// </summary>
public sealed record DraftRelease(
    int Revision,
    string ContentHash,
    long RowsRead,
    long RowsReleased,
    long RowsSuppressed,
    int K,
    long? KAchieved,
    string PolicySha256,
    IReadOnlyList<DraftColumn> Columns);

public sealed record DraftColumn(
    string Name,
    string? Entity,
    double Confidence,
    bool Personal,
    bool Sensitive,
    ColumnSubject Subject,
    ColumnGrade Grade,
    ColumnGrade Floor,
    string Masking,
    bool QuasiIdentifier,
    bool Released);

/// <summary>Why the pipeline could not make a draft; <see cref="Line"/> and <see cref="Column"/> point into the file when known.</summary>
public sealed record UploadFailure(string Message, long? Line, long? Column);

/// <summary>Where a version came from: the SHA-256 of the unmasked source and, for an upload, which one and which draft.</summary>
public sealed record VersionLineage(string SourceSha256, string? UploadId, int? Revision);
