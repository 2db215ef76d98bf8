using System.Collections.Concurrent;
using System.Text.Json;
using DataPort.Sandbox.Database;
using Npgsql;

namespace DataPort.Sandbox.Loading;

/// <summary>Reads the sandbox's bookkeeping of loaded dataset versions.</summary>
public sealed class SandboxVersions(SandboxDatabase database)
{
    private readonly NpgsqlDataSource dataSource = database.DataSource;

    // A loaded version never changes (a new release is a new version), so what was read once stays true.
    private readonly ConcurrentDictionary<string, LoadedVersion> bySchema = new(StringComparer.Ordinal);

    /// <summary>The loaded versions in these schemas (e.g. those a grant role reads), from memory after the first read.</summary>
    public async Task<IReadOnlyList<LoadedVersion>> InSchemasAsync(IReadOnlyList<string> schemas, CancellationToken cancellationToken = default)
    {
        await database.PrepareAsync(cancellationToken);
        if (schemas.Any(schema => !bySchema.ContainsKey(schema)))
        {
            await using var command = dataSource.CreateCommand(SelectColumns + " WHERE schema_name = ANY($1)");
            command.Parameters.Add(new() { Value = schemas.ToArray() });
            foreach (var version in await ReadAsync(command, cancellationToken))
            {
                bySchema[version.Schema] = version;
            }
        }
        return [.. schemas.Select(schema => bySchema.GetValueOrDefault(schema)).OfType<LoadedVersion>()];
    }

    private const string SelectColumns =
        "SELECT dataset_id, version, content_hash, schema_name, table_name, columns::text, row_count, loaded_at FROM sandbox.versions";

    public async Task<LoadedVersion?> FindAsync(string datasetId, int version, CancellationToken cancellationToken = default)
    {
        await database.PrepareAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(SelectColumns + " WHERE dataset_id = $1 AND version = $2");
        command.Parameters.Add(new() { Value = datasetId });
        command.Parameters.Add(new() { Value = version });
        var found = await ReadAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<LoadedVersion>> ListAsync(CancellationToken cancellationToken = default)
    {
        await database.PrepareAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(SelectColumns + " ORDER BY dataset_id, version");
        return await ReadAsync(command, cancellationToken);
    }

    internal static async Task<List<LoadedVersion>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<LoadedVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new LoadedVersion(
                reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                DeserializeColumns(reader.GetString(5)), reader.GetInt64(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return versions;
    }

    internal static string SerializeColumns(IReadOnlyList<SandboxColumn> columns) =>
        JsonSerializer.Serialize(columns.Select(c => new StoredColumn(c.Name, c.Type.ToString(), c.Label)).ToList());

    private static List<SandboxColumn> DeserializeColumns(string json) =>
        JsonSerializer.Deserialize<List<StoredColumn>>(json)!
            .Select(c => new SandboxColumn(c.Name, Enum.Parse<SandboxColumnType>(c.Type)) { Label = c.Label ?? c.Name })
            .ToList();

    private sealed record StoredColumn(string Name, string Type, string? Label = null);
}
