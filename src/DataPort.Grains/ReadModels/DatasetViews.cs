using System.Text.Json;
using System.Text.Json.Serialization;
using DataPort.Domain.Datasets;
using NpgsqlTypes;
using Npgsql;

namespace DataPort.Grains.ReadModels;

/// <summary>The catalog's search over datasets (inline read model <c>domain.dataset_views</c>).</summary>
internal sealed class DatasetViewProjection()
    : StateViewProjection<Dataset, IDatasetEvent>(new EvolveOnly<Dataset, DatasetCommand, IDatasetEvent>(DatasetDecider.Instance))
{
    protected override string StreamType => "dataset";

    protected override string Table => "domain.dataset_views";

    protected override async Task SaveAsync(NpgsqlTransaction transaction, string id, Dataset state, long version, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO domain.dataset_views (id, owner_organisation_id, status, available, theme, title_zh, title_en, version, state, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET owner_organisation_id = $2, status = $3, available = $4, theme = $5, title_zh = $6,
                title_en = $7, version = $8, state = $9, updated_at = $10
            """, transaction.Connection, transaction);
        var p = command.Parameters;
        p.Add(new() { Value = id });
        p.Add(new() { Value = state.OwnerOrganisationId });
        p.Add(new() { Value = state.Suspension is null ? state.Status.ToString() : "Suspended" });
        p.Add(new() { Value = state.Available });
        p.Add(new() { Value = state.Metadata.Theme });
        p.Add(new() { Value = state.Metadata.Title.Zh });
        p.Add(new() { Value = state.Metadata.Title.En });
        p.Add(new() { Value = version });
        p.Add(new() { Value = Serialize(state), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = at });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>One page of a listing; <c>Total</c> counts every match, not just this page.</summary>
/// <remarks>Every list in the API pages alike: <c>items</c>, <c>total</c>, <c>page</c> (from 1), <c>pageSize</c>.</remarks>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, [property: JsonPropertyName("page")] int PageNumber, int PageSize);

public sealed record DatasetSearch(string? Text, string? Theme, string? ViewerOrganisationId, int Page = 1, int PageSize = 50);

/// <summary>Queries over <c>domain.dataset_views</c>.</summary>
public sealed class DatasetCatalog(NpgsqlDataSource dataSource)
{
    /// <summary>Available datasets, plus the viewer organisation's own (drafts, unpublished, suspended).</summary>
    public async Task<Page<Dataset>> SearchAsync(DatasetSearch search, CancellationToken cancellationToken = default)
    {
        const string Filter = """
            (available OR owner_organisation_id = $1)
            AND ($2::text IS NULL OR title_zh ILIKE '%' || $2 || '%' OR title_en ILIKE '%' || $2 || '%')
            AND ($3::text IS NULL OR theme = $3)
            """;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT state::text FROM domain.dataset_views WHERE {Filter} ORDER BY updated_at DESC, id LIMIT $4 OFFSET $5", search));
        batch.BatchCommands.Add(Command($"SELECT count(*)::int FROM domain.dataset_views WHERE {Filter}", search));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        List<Dataset> items = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(JsonSerializer.Deserialize<Dataset>(reader.GetString(0), DatasetViewProjection.Json)!);
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Page<Dataset>(items, reader.GetInt32(0), search.Page, search.PageSize);
    }

    private static NpgsqlBatchCommand Command(string sql, DatasetSearch search)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new() { Value = (object?)search.ViewerOrganisationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)Like(search.Text) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)search.Theme ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        if (sql.Contains("LIMIT", StringComparison.Ordinal))
        {
            command.Parameters.Add(new() { Value = search.PageSize });
            command.Parameters.Add(new() { Value = (search.Page - 1) * search.PageSize });
        }
        return command;
    }

    /// <summary>The user's text is matched literally: LIKE's wildcards in it are escaped.</summary>
    internal static string? Like(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
