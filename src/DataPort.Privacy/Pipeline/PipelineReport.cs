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

/// <summary>
/// The re-identification check and the release search: which levels the quasi-identifiers are released at, what that
/// achieves (k, ℓ, rows suppressed) and what it costs (<see cref="Loss"/>). A refused release names no levels; its
/// <see cref="Candidates"/> are the closest releases and what each would need.
/// </summary>
/// <param name="KBefore">Smallest class at the chosen levels before rows are suppressed; null when no quasi-identifier is present.</param>
/// <param name="KAchieved">Smallest class in the output; null when no quasi-identifier is present.</param>
public sealed record RiskReport(
    int K,
    IReadOnlyList<string> QuasiIdentifiers,
    string OnRisk,
    long? KBefore,
    long? KAchieved,
    long EquivalenceClasses,
    long RowsSuppressed)
{
    /// <summary>Distinct ℓ-diversity asked for sensitive attributes (1: not asked).</summary>
    public int L { get; init; } = 1;

    public IReadOnlyList<string> SensitiveAttributes { get; init; } = [];

    /// <summary>Fewest distinct sensitive values in a released class; null when ℓ is not asked or no attribute is present.</summary>
    public long? LAchieved { get; init; }

    /// <summary>The largest share of rows the policy lets a release suppress.</summary>
    public double MaxSuppression { get; init; }

    /// <summary>How <see cref="Loss"/> is measured.</summary>
    public string LossMeasure { get; init; } = Measures.NonUniformEntropy;

    /// <summary>Information lost, 0 (quasi-identifiers at their finest levels, no row suppressed) to 1 (all hidden).</summary>
    public double? Loss { get; init; }

    /// <summary>The level each quasi-identifier is released at, among those it may take.</summary>
    public IReadOnlyList<LevelReport> Levels { get; init; } = [];

    /// <summary>Other releases weighed: the next best, or when refused the closest ones.</summary>
    public IReadOnlyList<CandidateReport> Candidates { get; init; } = [];

    /// <summary>No combination of levels reaches k (and ℓ) within the suppression bound: nothing is written.</summary>
    public bool Refused { get; init; }

    public int LatticeSize { get; init; }

    public int CombinationsEvaluated { get; init; }
}

public static class Measures
{
    public const string NonUniformEntropy = "non-uniform entropy (normalised; a suppressed row counts as all its quasi-identifiers hidden)";
}

/// <param name="Fixed">The owner or the policy fixed this level; the search did not choose it.</param>
public sealed record LevelReport(string Column, string Level, IReadOnlyList<string> Levels, bool Fixed);

/// <param name="Levels">Per quasi-identifier (in the order of <see cref="RiskReport.Levels"/>), the level.</param>
/// <param name="Publishable">Within the suppression bound.</param>
public sealed record CandidateReport(IReadOnlyList<string> Levels, long RowsSuppressed, double SuppressedShare, long KAchieved, long? LAchieved, double Loss, bool Publishable);
