using System.Text.Json;
using DataPort.Domain.Assets;
using DataPort.EventStore.Projections;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Grains.ReadModels;

/// <summary>
/// Asset registrations for lists (read model <c>domain.asset_views</c>). Asynchronous, unlike the dataset and grant
/// views: it was added after registrations existed, and Marten's daemon runs a new subscription from the first event.
/// </summary>
internal sealed class AssetViewProjection(AssetRegistrationDecider decider)
    : StateViewProjection<AssetRegistration, IAssetEvent>(new EvolveOnly<AssetRegistration, AssetCommand, IAssetEvent>(decider)), IAsyncProjection
{
    protected override string StreamType => "asset";

    protected override string Table => "domain.asset_views";

    protected override async Task SaveAsync(
        NpgsqlTransaction transaction, string id, AssetRegistration state, long version, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO domain.asset_views (id, owner_organisation_id, status, title_zh, title_en, version, state, submitted_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET owner_organisation_id = $2, status = $3, title_zh = $4, title_en = $5, version = $6, state = $7,
                updated_at = $9
            """, transaction.Connection, transaction);
        var p = command.Parameters;
        p.Add(new() { Value = id });
        p.Add(new() { Value = state.OwnerOrganisationId });
        p.Add(new() { Value = state.Status.ToString() });
        p.Add(new() { Value = state.Details.Title.Zh });
        p.Add(new() { Value = state.Details.Title.En });
        p.Add(new() { Value = version });
        p.Add(new() { Value = Serialize(state), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = state.SubmittedAt });
        p.Add(new() { Value = at });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>A listing of registrations: one organisation's (null: all, for operators and regulators), by status, by title.</summary>
public sealed record AssetSearch(string? OwnerOrganisationId, AssetStatus? Status, string? Text, int Page = 1, int PageSize = 50);

/// <summary>Queries over <c>domain.asset_views</c>.</summary>
public sealed class AssetDirectory(NpgsqlDataSource dataSource)
{
    /// <summary>Matching registrations; a status filter lists oldest submissions first (a queue), otherwise newest changes first.</summary>
    public async Task<Page<AssetRegistration>> ListAsync(AssetSearch search, CancellationToken cancellationToken = default)
    {
        const string Filter = """
            ($1::text IS NULL OR owner_organisation_id = $1)
            AND ($2::text IS NULL OR status = $2)
            AND ($3::text IS NULL OR title_zh ILIKE '%' || $3 || '%' OR title_en ILIKE '%' || $3 || '%')
            """;
        var order = search.Status is null ? "updated_at DESC, id" : "submitted_at, id";
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT state::text FROM domain.asset_views WHERE {Filter} ORDER BY {order} LIMIT $4 OFFSET $5", search, paged: true));
        batch.BatchCommands.Add(Command($"SELECT count(*)::int FROM domain.asset_views WHERE {Filter}", search, paged: false));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        List<AssetRegistration> items = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(JsonSerializer.Deserialize<AssetRegistration>(reader.GetString(0), AssetViewProjection.Json)!);
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Page<AssetRegistration>(items, reader.GetInt32(0), search.Page, search.PageSize);
    }

    private static NpgsqlBatchCommand Command(string sql, AssetSearch search, bool paged)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new() { Value = (object?)search.OwnerOrganisationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)search.Status?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)DatasetCatalog.Like(search.Text) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        if (paged)
        {
            command.Parameters.Add(new() { Value = search.PageSize });
            command.Parameters.Add(new() { Value = (search.Page - 1) * search.PageSize });
        }
        return command;
    }
}
