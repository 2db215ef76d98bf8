namespace DataPort.Privacy.Pipeline;

/// <summary>What a run did, for the operator and for lineage; stored as JSON and in the Parquet footer.</summary>
public sealed record PipelineReport(
    string Tool,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    InputSummary Input,
    OutputSummary Output,
    PolicySummary Policy,
    IReadOnlyList<ColumnReport> Columns,
    RiskReport Risk);

public sealed record InputSummary(string Path, long Bytes, long Rows, string Sha256);

/// <param name="ContentHash">SHA-256 over the masked values (row by row), the same however the file is encoded.</param>
/// <param name="FileSha256">SHA-256 of the Parquet file; only in the JSON report, since the file cannot contain its own hash.</param>
public sealed record OutputSummary(string Path, long Rows, int Columns, string ContentHash, string? FileSha256);

/// <param name="SecretFingerprint">HMAC-SM3 of a fixed label under the dataset secret: shows two releases share a key without revealing it.</param>
public sealed record PolicySummary(string Name, string Sha256, string SecretFingerprint);

public sealed record ColumnReport(
    string Name,
    string? Entity,
    double Confidence,
    bool Personal,
    bool Sensitive,
    string Grade,
    string Operator,
    bool QuasiIdentifier,
    bool Released);

/// <param name="KAchieved">Smallest equivalence class in the output; null when no quasi-identifier column is present.</param>
public sealed record RiskReport(
    int K,
    IReadOnlyList<string> QuasiIdentifiers,
    string OnRisk,
    long? KBefore,
    long? KAchieved,
    long EquivalenceClasses,
    long RowsSuppressed);
