using DataPort.Sandbox.Database;
using DataPort.Sandbox.Queries;

namespace DataPort.Sandbox.Loading;

/// <summary>
/// The first rows of a loaded (masked) version, for the catalog's public dataset page. Only the columns the caller names
/// are read: the page asks for those that hold nothing about a person, so no grant's worth of data leaves with a sample.
/// </summary>
public sealed class SandboxSamples(SandboxDatabase database)
{
    public const int MaxRows = 20;

    /// <summary>Up to <paramref name="rows"/> rows of <paramref name="columns"/> (the version's own column names), as text.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string>>> FirstRowsAsync(
        LoadedVersion version, IReadOnlyList<SandboxColumn> columns, int rows, CancellationToken cancellationToken = default)
    {
        if (columns.Count == 0)
        {
            return [];
        }
        await database.PrepareAsync(cancellationToken);
        var select = string.Join(", ", columns.Select(c => SandboxNames.Quote(c.Name)));
        await using var command = database.DataSource.CreateCommand($"SELECT {select} FROM {version.QualifiedTable} LIMIT $1");
        command.Parameters.Add(new() { Value = Math.Clamp(rows, 1, MaxRows) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sample = new List<IReadOnlyList<string>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sample.Add([.. Enumerable.Range(0, columns.Count).Select(i => CsvResultWriter.Text(ResultValues.Read(reader, i)))]);
        }
        return sample;
    }
}
