namespace DataPort.Domain.Grants;

/// <summary>Limits over the whole grant; null means unlimited.</summary>
public sealed record GrantQuota(long? MaxQueries, long? MaxRows, long? MaxDownloads)
{
    public static GrantQuota Unlimited { get; } = new(null, null, null);

    /// <summary>Rows the grant may still return (never below 0), or null when rows are unlimited.</summary>
    public long? RowsLeft(GrantUsage usage) => MaxRows is { } max ? Math.Max(0, max - usage.Rows) : null;
}

/// <summary>How a recorded use ended: it ran (<see cref="Succeeded"/>, <see cref="Truncated"/>, failed, timed out) or was refused.</summary>
public static class UseOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Truncated = "truncated";
    public const string Failed = "failed";
    public const string DeniedPrefix = "denied:";

    public static string Denied(string reason) => DeniedPrefix + reason;

    public static bool IsDenied(string outcome) => outcome.StartsWith(DeniedPrefix, StringComparison.Ordinal);
}

/// <summary>What has been consumed so far, from the <c>grant.usage-recorded</c> events.</summary>
public sealed record GrantUsage(long Queries, long Rows, long Downloads)
{
    public static GrantUsage None { get; } = new(0, 0, 0);

    /// <summary>The usage after <paramref name="use"/>: a download counts as one, any other use as a query; a refused attempt as nothing.</summary>
    public GrantUsage After(GrantUsageRecorded use) => !use.Consumed ? this : new GrantUsage(
        Queries + (use.Kind == UseKind.Download ? 0 : 1),
        Rows + use.Rows,
        Downloads + (use.Kind == UseKind.Download ? 1 : 0));
}

public enum UseKind
{
    /// <summary>A row-level query in the sandbox.</summary>
    SandboxQuery,

    /// <summary>An aggregate query in the sandbox (counts, sums over groups): no row-level result.</summary>
    Aggregate,

    /// <summary>A masked Parquet delivery leaving the platform.</summary>
    Download,
}

/// <summary>
/// A use as a caller asks for it, before the grant fills in what it leaves out (see <see cref="AccessGrant.Resolve"/>):
/// free SQL names no dataset, version or fields. <paramref name="ExactExtremes"/>: an aggregate asks for an exact
/// minimum or maximum, which is one row's own value. <paramref name="Epsilon"/>: the privacy budget a noisy aggregation
/// spends (0 for every other use).
/// </summary>
public sealed record UseRequest(
    UseKind Kind, string? DatasetId = null, int? DatasetVersion = null, IReadOnlyList<string>? Fields = null, bool ExactExtremes = false,
    double Epsilon = 0);

/// <summary>One intended use of the data, checked by <see cref="GrantAuthorization.Authorize"/> before it happens.</summary>
public sealed record GrantUse(string DatasetId, int DatasetVersion, IReadOnlyList<string> Fields, UseKind Kind, long Rows)
{
    /// <summary>An aggregate asks for an exact minimum or maximum (one row's own value).</summary>
    public bool ExactExtremes { get; init; }

    /// <summary>The privacy budget (ε) a noisy aggregation spends; 0 for every other use.</summary>
    public double Epsilon { get; init; }
}
