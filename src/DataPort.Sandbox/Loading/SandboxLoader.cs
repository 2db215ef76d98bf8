using Microsoft.Extensions.Logging;
using DataPort.Sandbox.Database;
using Npgsql;

namespace DataPort.Sandbox.Loading;

/// <summary>
/// Loads a masked dataset version into a schema of its own with binary COPY, in one transaction together
/// with its bookkeeping row, so a version is either fully loaded and recorded or not there at all.
/// </summary>
public sealed partial class SandboxLoader(SandboxDatabase database, ILogger<SandboxLoader> logger)
{
    private readonly NpgsqlDataSource dataSource = database.DataSource;

    public async Task<LoadResult> LoadAsync(LoadRequest request, CancellationToken cancellationToken = default)
    {
        await database.PrepareAsync(cancellationToken);
        var schema = SandboxNames.VersionSchema(request.DatasetId, request.Version);
        var table = SandboxNames.DatasetIdentifier(request.DatasetId);
        var columns = NameColumns(request.Rows.Columns, request.PreferredSqlNames);
        if (string.IsNullOrWhiteSpace(request.ContentHash) || request.ContentHash.Length > 256)
        {
            throw new SandboxValidationException("A load needs the pipeline's content hash (1-256 characters).");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Two nodes loading the same version serialise here; the loser then finds the row and does nothing.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new() { Value = "sandbox-load:" + schema });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var existing = await FindExistingAsync(connection, transaction, request, schema, cancellationToken);
        if (existing is not null)
        {
            LogAlreadyLoaded(logger, request.DatasetId, request.Version);
            return new LoadResult(request.DatasetId, request.Version, existing.Schema, existing.Table, existing.RowCount, AlreadyLoaded: true);
        }

        var qualified = SandboxNames.Qualified(schema, table);
        var columnList = string.Join(", ", columns.Select(c => SandboxNames.Quote(c.Name)));
        var definitions = string.Join(", ", columns.Select(c => SandboxNames.Quote(c.Name) + " " + c.SqlType));
        await ExecuteAsync(connection, transaction,
            $"CREATE SCHEMA {SandboxNames.Quote(schema)}; CREATE TABLE {qualified} ({definitions})", cancellationToken);

        long rowCount = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {qualified} ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await foreach (var row in request.Rows.ReadRowsAsync(cancellationToken))
            {
                if (row.Length != columns.Count)
                {
                    throw new SandboxValidationException($"Row {rowCount + 1} has {row.Length} values; the version has {columns.Count} columns.");
                }
                await importer.StartRowAsync(cancellationToken);
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = ValueCoercion.ToDatabase(row[i], columns[i].Type);
                    if (value is null)
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await importer.WriteAsync(value, columns[i].DbType, cancellationToken);
                    }
                }
                rowCount++;
            }
            await importer.CompleteAsync(cancellationToken);
        }

        columns = await TextColumnTypes.NarrowAsync(connection, transaction, qualified, columns, cancellationToken);
        // Fresh statistics let the planner pick sane plans for the first sandbox queries.
        await ExecuteAsync(connection, transaction, $"ANALYZE {qualified}", cancellationToken);
        await using (var record = new NpgsqlCommand("""
            INSERT INTO sandbox.versions (dataset_id, version, content_hash, schema_name, table_name, columns, row_count)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
            """, connection, transaction))
        {
            record.Parameters.Add(new() { Value = request.DatasetId });
            record.Parameters.Add(new() { Value = request.Version });
            record.Parameters.Add(new() { Value = request.ContentHash });
            record.Parameters.Add(new() { Value = schema });
            record.Parameters.Add(new() { Value = table });
            record.Parameters.Add(new() { Value = SandboxVersions.SerializeColumns(columns) });
            record.Parameters.Add(new() { Value = rowCount });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        LogLoaded(logger, request.DatasetId, request.Version, rowCount, schema);
        return new LoadResult(request.DatasetId, request.Version, schema, table, rowCount, AlreadyLoaded: false);
    }

    /// <summary>Each column keeps its name as its label and gets a SQL name by the stable mapping.</summary>
    private static List<SandboxColumn> NameColumns(IReadOnlyList<SandboxColumn> columns, IReadOnlyDictionary<string, string>? preferred)
    {
        if (columns.Count == 0)
        {
            throw new SandboxValidationException("A dataset version needs at least one column.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (string.IsNullOrWhiteSpace(column.Label) || column.Label.Length > 200)
            {
                throw new SandboxValidationException($"Column {seen.Count + 1} needs a name of 1-200 characters.");
            }
            if (!seen.Add(column.Label))
            {
                throw new SandboxValidationException($"Column '{column.Label}' appears twice.");
            }
        }
        var names = SandboxNames.ColumnIdentifiers([.. columns.Select(c => c.Label)], preferred);
        return [.. columns.Select((c, i) => new SandboxColumn(names[i], c.Type) { Label = c.Label, Scale = c.Scale })];
    }

    private static async Task<LoadedVersion?> FindExistingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LoadRequest request, string schema, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT dataset_id, version, content_hash, schema_name, table_name, columns::text, row_count, loaded_at
            FROM sandbox.versions WHERE (dataset_id = $1 AND version = $2) OR schema_name = $3
            """, connection, transaction);
        command.Parameters.Add(new() { Value = request.DatasetId });
        command.Parameters.Add(new() { Value = request.Version });
        command.Parameters.Add(new() { Value = schema });
        var found = await SandboxVersions.ReadAsync(command, cancellationToken);
        if (found.Count == 0)
        {
            return null;
        }
        var existing = found[0];
        if (existing.DatasetId != request.DatasetId || existing.Version != request.Version)
        {
            throw new SandboxConflictException(
                $"Schema {schema} already holds dataset '{existing.DatasetId}' version {existing.Version}; dataset ids must differ by more than case, '-' or '.'.");
        }
        if (existing.ContentHash != request.ContentHash)
        {
            throw new SandboxConflictException(
                $"Dataset '{request.DatasetId}' version {request.Version} is already loaded with content hash {existing.ContentHash}; " +
                "a loaded version never changes: publish a new version instead.");
        }
        return existing;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: dataset {DatasetId} version {Version} is already loaded with the same content")]
    private static partial void LogAlreadyLoaded(ILogger logger, string datasetId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: loaded dataset {DatasetId} version {Version}: {RowCount} rows into {Schema}")]
    private static partial void LogLoaded(ILogger logger, string datasetId, int version, long rowCount, string schema);
}
