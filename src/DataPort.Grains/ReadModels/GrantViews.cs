using System.Text.Json;
using DataPort.Domain.Grants;
using NpgsqlTypes;
using Npgsql;

namespace DataPort.Grains.ReadModels;

/// <summary>Grants by party and status (inline read model <c>domain.grant_views</c>).</summary>
internal sealed class GrantViewProjection()
    : StateViewProjection<AccessGrant, IGrantEvent>(new EvolveOnly<AccessGrant, GrantCommand, IGrantEvent>(AccessGrantDecider.Instance))
{
    protected override string StreamType => "grant";

    protected override string Table => "domain.grant_views";

    protected override async Task SaveAsync(NpgsqlTransaction transaction, string id, AccessGrant state, long version, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO domain.grant_views (id, dataset_id, owner_organisation_id, developer_organisation_id, status, expires_at, version, state, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET status = $5, expires_at = $6, version = $7, state = $8, updated_at = $9
            """, transaction.Connection, transaction);
        var p = command.Parameters;
        p.Add(new() { Value = id });
        p.Add(new() { Value = state.DatasetId });
        p.Add(new() { Value = state.OwnerOrganisationId });
        p.Add(new() { Value = state.DeveloperOrganisationId });
        p.Add(new() { Value = state.Status.ToString() });
        p.Add(new() { Value = (object?)state.ExpiresAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = version });
        p.Add(new() { Value = Serialize(state), NpgsqlDbType = NpgsqlDbType.Jsonb });
        p.Add(new() { Value = at });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>PartyOrganisationId: only grants where that organisation is the owner or the developer; null for all (regulators).</summary>
public sealed record GrantSearch(string? PartyOrganisationId, string? DatasetId, GrantStatus? Status, int Page = 1, int PageSize = 50);

/// <summary>Queries over <c>domain.grant_views</c>; also what the expiry sweep asks for.</summary>
public sealed class GrantDirectory(NpgsqlDataSource dataSource)
{
    public async Task<Page<AccessGrant>> ListAsync(GrantSearch search, CancellationToken cancellationToken = default)
    {
        const string Filter = """
            ($1::text IS NULL OR owner_organisation_id = $1 OR developer_organisation_id = $1)
            AND ($2::text IS NULL OR dataset_id = $2)
            AND ($3::text IS NULL OR status = $3)
            """;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT state::text FROM domain.grant_views WHERE {Filter} ORDER BY updated_at DESC, id LIMIT $4 OFFSET $5", search, paged: true));
        batch.BatchCommands.Add(Command($"SELECT count(*)::int FROM domain.grant_views WHERE {Filter}", search, paged: false));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        List<AccessGrant> items = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(JsonSerializer.Deserialize<AccessGrant>(reader.GetString(0), GrantViewProjection.Json)!);
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Page<AccessGrant>(items, reader.GetInt32(0), search.Page, search.PageSize);
    }

    /// <summary>Ids of active or suspended grants whose end time has passed: what an expiry sweep expires.</summary>
    public async Task<IReadOnlyList<string>> DueForExpiryAsync(DateTimeOffset now, int limit = 500, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id FROM domain.grant_views WHERE status IN ('Active', 'Suspended') AND expires_at <= $1 ORDER BY expires_at LIMIT $2");
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = limit });
        List<string> ids = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static NpgsqlBatchCommand Command(string sql, GrantSearch search, bool paged)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new() { Value = (object?)search.PartyOrganisationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)search.DatasetId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)search.Status?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        if (paged)
        {
            command.Parameters.Add(new() { Value = search.PageSize });
            command.Parameters.Add(new() { Value = (search.Page - 1) * search.PageSize });
        }
        return command;
    }
}
