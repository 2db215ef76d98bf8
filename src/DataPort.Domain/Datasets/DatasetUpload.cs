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

/// <summary>The owner's decision for one column of a draft; a null part keeps what classification found (or the search chose).</summary>
public sealed record ColumnChoice(string Column, ColumnSubject? Subject, ColumnGrade? Grade)
{
    /// <summary>
    /// For a quasi-identifier, the level to release it at (one of the levels the draft lists for the column); the
    /// search then chooses the others' levels around it.
    /// </summary>
    public string? Level { get; init; }

    public bool ChangesAnything() => Subject is not null || Grade is not null || Level is not null;
}

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
    IReadOnlyList<DraftColumn> Columns)
{
    /// <summary>The release search: the levels chosen and what they achieve and cost; null when the file has no quasi-identifier.</summary>
    public DraftAnonymity? Anonymity { get; init; }

    /// <summary>False when no release reaches k within the suppression bound: there is nothing to publish.</summary>
    public bool Publishable => Anonymity is not { Refused: true };
}

/// <summary>
/// How the quasi-identifiers are released: the level chosen for each, k and ℓ achieved, rows suppressed and the
/// information lost. When <see cref="Refused"/>, no combination of levels reaches k within
/// <see cref="MaxSuppression"/>, and <see cref="Candidates"/> are the closest with what each would need.
/// </summary>
public sealed record DraftAnonymity(
    string LossMeasure,
    double? Loss,
    int K,
    long? KAchieved,
    int L,
    long? LAchieved,
    IReadOnlyList<string> SensitiveAttributes,
    double MaxSuppression,
    long RowsSuppressed,
    bool Refused,
    IReadOnlyList<DraftLevel> Levels,
    IReadOnlyList<DraftCandidate> Candidates,
    int LatticeSize,
    int CombinationsEvaluated);

/// <param name="Column">The quasi-identifier's name.</param>
/// <param name="Level">The level the column is released at; empty when the release is refused.</param>
/// <param name="Levels">Every level the column may be released at, finest first.</param>
/// <param name="Fixed">The owner fixed it; the search chose the others around it.</param>
public sealed record DraftLevel(string Column, string Level, IReadOnlyList<string> Levels, bool Fixed);

/// <param name="Levels">Per quasi-identifier, in the order of <see cref="DraftAnonymity.Levels"/>.</param>
/// <param name="RowsSuppressed">Rows this release would drop to reach k (and ℓ).</param>
/// <param name="SuppressedShare">Those rows as a share of all rows.</param>
/// <param name="KAchieved">The smallest class it would keep.</param>
/// <param name="LAchieved">The fewest distinct sensitive values in a class it would keep; null when ℓ is not asked.</param>
/// <param name="Loss">Its information loss, measured as <see cref="DraftAnonymity.LossMeasure"/>.</param>
/// <param name="Publishable">Within the suppression bound.</param>
public sealed record DraftCandidate(IReadOnlyList<string> Levels, long RowsSuppressed, double SuppressedShare, long KAchieved, long? LAchieved, double Loss, bool Publishable);

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
