namespace DataPort.Sandbox.Loading;

/// <summary>
/// Load one masked dataset version. <paramref name="ContentHash"/> is the pipeline's hash of its output
/// (lineage): the same version with the same hash is a no-op, with another hash a conflict.
/// </summary>
public sealed record LoadRequest(string DatasetId, int Version, string ContentHash, IRowSource Rows);

/// <summary>What a load did: <see cref="AlreadyLoaded"/> when the same content was there before.</summary>
public sealed record LoadResult(string DatasetId, int Version, string Schema, string Table, long RowCount, bool AlreadyLoaded);

/// <summary>A loaded dataset version as the sandbox's bookkeeping records it.</summary>
public sealed record LoadedVersion(
    string DatasetId, int Version, string ContentHash, string Schema, string Table,
    IReadOnlyList<SandboxColumn> Columns, long RowCount, DateTimeOffset LoadedAt)
{
    public string QualifiedTable => SandboxNames.Qualified(Schema, Table);

    public SandboxColumn? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
