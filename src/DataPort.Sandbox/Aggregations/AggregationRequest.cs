using System.Text.Json;

namespace DataPort.Sandbox.Aggregations;

/// <summary>
/// A structured aggregate over one dataset version, for grants that may not see rows: group-by columns,
/// metrics (<c>count</c>, <c>sum</c>, <c>avg</c>, <c>quantile</c>, and for row-level licences <c>min</c>, <c>max</c>)
/// and filters. Only names from the grant and parameters reach SQL; there is no free text. Under an aggregate-only
/// licence the answer is differentially private and spends <see cref="Epsilon"/> of the grant's privacy budget
/// (the sandbox's default when absent); see docs/privacy.md.
/// </summary>
public sealed record AggregationRequest(
    string GrantId,
    string DatasetId,
    int Version,
    IReadOnlyList<string>? GroupBy,
    IReadOnlyList<AggregationMetric> Metrics,
    IReadOnlyList<AggregationFilter>? Filters = null,
    double? Epsilon = null);

/// <summary>
/// A metric: <see cref="Function"/> over <see cref="Column"/> (count may omit the column: count of rows). Under an
/// aggregate-only licence, <c>sum</c>, <c>avg</c> and <c>quantile</c> need <see cref="Lower"/> and <see cref="Upper"/>:
/// each value is clamped into them, which bounds what one person can change and so the noise. <see cref="Quantile"/>
/// (0 to 1) is the rank a <c>quantile</c> asks for: 0.5 the median, 0.05 a robust minimum.
/// </summary>
public sealed record AggregationMetric(string Function, string? Column = null, double? Lower = null, double? Upper = null, double? Quantile = null)
{
    public string OutputName => Column is null ? Function.ToLowerInvariant() : $"{Function.ToLowerInvariant()}_{Column}";
}

/// <summary>
/// A filter: <see cref="Operator"/> is one of <c>eq ne lt le gt ge in isnull notnull</c>; <see cref="Value"/> is a
/// JSON value of the column's type (an array for <c>in</c>, absent for the null checks).
/// </summary>
public sealed record AggregationFilter(string Column, string Operator, JsonElement? Value = null);

/// <summary>One group released: its key, its row count and its metrics (noisy under an aggregate-only licence).</summary>
public sealed record AggregationGroup(IReadOnlyDictionary<string, object?> Key, long Rows, IReadOnlyDictionary<string, object?> Metrics);

/// <summary>
/// How an answer protects the people in it. <see cref="Mechanism"/> is <c>discrete-laplace</c> (aggregate-only
/// licences: noisy counts and sums, noisy thresholding of groups, exponential-mechanism quantiles) or <c>exact</c>
/// (row-level licences, which may read the rows anyway; groups under <see cref="ReleaseThreshold"/> rows are left
/// out). Under noise, a group is released when its noisy count reaches <see cref="ReleaseThreshold"/>, chosen so that
/// a group of one person appears with probability at most <see cref="Delta"/>.
/// </summary>
public sealed record AggregationPrivacy(
    string Mechanism,
    double EpsilonSpent,
    double? EpsilonLeft,
    DateTimeOffset? BudgetRenewsAt,
    long ReleaseThreshold,
    double Delta);

/// <summary>The groups released, and how they were protected. Nothing says how many groups were held back.</summary>
public sealed record AggregationResult(
    string DatasetId,
    int Version,
    int MinimumGroupSize,
    IReadOnlyList<AggregationGroup> Groups,
    AggregationPrivacy Privacy,
    bool Truncated,
    long DurationMs);
