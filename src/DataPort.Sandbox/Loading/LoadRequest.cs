namespace DataPort.Sandbox.Loading;

/// <summary>
/// Load one masked dataset version. <paramref name="ContentHash"/> is the pipeline's hash of its output
/// (lineage): the same version with the same hash is a no-op, with another hash a conflict.
/// <paramref name="PreferredSqlNames"/> maps a column's name to the SQL name it should get when its own is not one
/// (the catalog's English names); the rest follow <see cref="SandboxNames.ColumnIdentifiers"/>.
/// </summary>
public sealed record LoadRequest(
    string DatasetId, int Version, string ContentHash, IRowSource Rows, IReadOnlyDictionary<string, string>? PreferredSqlNames = null);

/// <summary>What a load did: <see cref="AlreadyLoaded"/> when the same content was there before.</summary>
public sealed record LoadResult(string DatasetId, int Version, string Schema, string Table, long RowCount, bool AlreadyLoaded);

/// <summary>A loaded dataset version as the sandbox's bookkeeping records it.</summary>
public sealed record LoadedVersion(
    string DatasetId, int Version, string ContentHash, string Schema, string Table,
    IReadOnlyList<SandboxColumn> Columns, long RowCount, DateTimeOffset LoadedAt)
{
    public string QualifiedTable => SandboxNames.Qualified(Schema, Table);

    /// <summary>The column called <paramref name="name"/> in the dataset, or by its SQL name.</summary>
    public SandboxColumn? FindColumn(string name) => Columns.FirstOrDefault(c => c.Label == name) ?? Columns.FirstOrDefault(c => c.Name == name);
}
