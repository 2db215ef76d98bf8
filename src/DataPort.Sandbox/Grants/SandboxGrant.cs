namespace DataPort.Sandbox.Grants;

public enum SandboxGrantStatus
{
    Active,
    Suspended,
    Revoked,
    Expired,

    /// <summary>Requested or denied: never issued.</summary>
    NotIssued,
}

/// <summary>The datasets a grant covers: which columns, and which versions (null: every loaded version).</summary>
public sealed record GrantedDataset(string DatasetId, IReadOnlySet<string> Columns, IReadOnlySet<int>? Versions = null)
{
    public bool Covers(int version) => Versions is null || Versions.Contains(version);
}

/// <summary>
/// What the sandbox itself enforces of one access grant — its PostgreSQL roles (status, end, datasets, columns,
/// versions), k for aggregations, the rows a use may still return — mapped from the domain's AccessGrant by the grant
/// gateway. Whether a use is allowed at all is the domain's decision (<c>GrantAuthorization</c>), not this record's.
/// <c>MinimumGroupSize</c> is k for small-cell suppression of aggregates (from the options); <c>Version</c> is the
/// grant stream's version this state reflects (0 when unknown): it tells a state read before a suspension from one
/// read after.
/// </summary>
public sealed record SandboxGrant(
    string GrantId,
    SandboxGrantStatus Status,
    DateTimeOffset ExpiresAt,
    int MinimumGroupSize,
    IReadOnlyList<GrantedDataset> Datasets,
    long Version = 0)
{
    /// <summary>Rows the grant may still return (its row quota less what it returned), or null when unlimited.</summary>
    public long? RowsRemaining { get; init; }

    public GrantedDataset? Find(string datasetId) => Datasets.FirstOrDefault(d => d.DatasetId == datasetId);

    /// <summary>Whether the grant's PostgreSQL roles should exist at <paramref name="now"/>.</summary>
    public bool IsLive(DateTimeOffset now) => Status == SandboxGrantStatus.Active && now < ExpiresAt;
}
