using System.Text.Json;

namespace DataPort.Sandbox.Aggregations;

/// <summary>
/// A structured aggregate over one dataset version, for grants that may not see rows: group-by columns,
/// metrics (<c>count</c>, <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c>) and filters. Only names from
/// the grant and parameters reach SQL; there is no free text.
/// </summary>
public sealed record AggregationRequest(
    string GrantId,
    string DatasetId,
    int Version,
    IReadOnlyList<string>? GroupBy,
    IReadOnlyList<AggregationMetric> Metrics,
    IReadOnlyList<AggregationFilter>? Filters = null);

/// <summary>A metric: <see cref="Function"/> over <see cref="Column"/> (count may omit the column: count of rows).</summary>
public sealed record AggregationMetric(string Function, string? Column = null)
{
    public string OutputName => Column is null ? Function.ToLowerInvariant() : $"{Function.ToLowerInvariant()}_{Column}";
}

/// <summary>
/// A filter: <see cref="Operator"/> is one of <c>eq ne lt le gt ge in isnull notnull</c>; <see cref="Value"/> is a
/// JSON value of the column's type (an array for <c>in</c>, absent for the null checks).
/// </summary>
public sealed record AggregationFilter(string Column, string Operator, JsonElement? Value = null);

/// <summary>One group that covers at least k rows.</summary>
public sealed record AggregationGroup(IReadOnlyDictionary<string, object?> Key, long Rows, IReadOnlyDictionary<string, object?> Metrics);

/// <summary>
/// The groups that may be shown, and how many were suppressed because they cover fewer than
/// <see cref="MinimumGroupSize"/> rows (small-cell suppression).
/// </summary>
public sealed record AggregationResult(
    string DatasetId,
    int Version,
    int MinimumGroupSize,
    IReadOnlyList<AggregationGroup> Groups,
    long SuppressedGroups,
    bool Truncated,
    long DurationMs);
