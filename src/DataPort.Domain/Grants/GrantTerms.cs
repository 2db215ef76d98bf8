namespace DataPort.Domain.Grants;

/// <summary>Limits over the whole grant; null means unlimited.</summary>
public sealed record GrantQuota(long? MaxQueries, long? MaxRows, long? MaxDownloads)
{
    public static GrantQuota Unlimited { get; } = new(null, null, null);
}

/// <summary>What has been consumed so far, from the <c>grant.usage-recorded</c> events.</summary>
public sealed record GrantUsage(long Queries, long Rows, long Downloads)
{
    public static GrantUsage None { get; } = new(0, 0, 0);
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

/// <summary>One intended use of the data, checked by <see cref="GrantAuthorization.Authorize"/> before it happens.</summary>
public sealed record GrantUse(string DatasetId, int DatasetVersion, IReadOnlyList<string> Fields, UseKind Kind, long Rows);
