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

/// <summary>How much the licence lets a developer see: rows (SQL) or only k-suppressed aggregates.</summary>
public enum SandboxAccessLevel
{
    RowLevel,
    AggregateOnly,
}

/// <summary>The datasets a grant covers: which columns, and which versions (null: every loaded version).</summary>
public sealed record GrantedDataset(string DatasetId, IReadOnlySet<string> Columns, IReadOnlySet<int>? Versions = null)
{
    public bool Covers(int version) => Versions is null || Versions.Contains(version);
}

/// <summary>
/// The sandbox's view of one access grant: everything the sandbox needs to enforce it, nothing more. The
/// domain's AccessGrant is mapped onto this by the grant gateway.
/// <c>Holders</c> are the organisations that may use the grant (the developer's); <c>MinimumGroupSize</c> is k for small-cell suppression of aggregates (from the policy);
/// <c>QueriesRemaining</c> is what is left of the quota (null: unmetered). <c>Version</c> is the grant stream's
/// version this state reflects (0 when unknown): it tells a state read before a suspension from one read after.
/// </summary>
public sealed record SandboxGrant(
    string GrantId,
    IReadOnlySet<string> Holders,
    SandboxGrantStatus Status,
    DateTimeOffset ExpiresAt,
    SandboxAccessLevel Access,
    bool DownloadAllowed,
    int MinimumGroupSize,
    long? QueriesRemaining,
    IReadOnlyList<GrantedDataset> Datasets,
    long Version = 0)
{
    /// <summary>Rows the grant may still return (its row quota less what it returned), or null when unlimited.</summary>
    public long? RowsRemaining { get; init; }

    public GrantedDataset? Find(string datasetId) => Datasets.FirstOrDefault(d => d.DatasetId == datasetId);

    /// <summary>Whether the grant's PostgreSQL roles should exist at <paramref name="now"/>.</summary>
    public bool IsLive(DateTimeOffset now) => Status == SandboxGrantStatus.Active && now < ExpiresAt;
}
