using Npgsql;

namespace DataPort.Jobs.Bench;

/// <summary>Synthetic usage, written straight into the event log in bulk (the append path is measured elsewhere).</summary>
public static class Usage
{
    public static string GrantId(int i) => $"g-{i:D5}";

    public static async Task SeedGrantsAsync(NpgsqlDataSource dataSource, int grants)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO domain.mt_doc_grant_view (id, data, grant_id, dataset_id, owner_organisation_id, developer_organisation_id, updated_at)
            SELECT 'grant-g-' || lpad(i::text, 5, '0'), '{}', 'g-' || lpad(i::text, 5, '0'), 'ds-' || (i % 20), 'org-owner-' || (i % 5),
                'org-dev-' || (i % 50), now()
            FROM generate_series(0, $1 - 1) i
            """);
        command.Parameters.Add(new() { Value = grants });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// <paramref name="events"/> usage events spread over the hour: half <c>grant.usage-recorded</c> on the grant's
    /// stream (one in ten a download), half <c>sandbox.usage-recorded</c> (one in twenty denied), committed in that hour.
    /// </summary>
    public static async Task SeedHourAsync(NpgsqlDataSource dataSource, DateTimeOffset hour, int events, int grants)
    {
        await using var command = dataSource.CreateCommand("""
            WITH uses AS (
                SELECT i, 'g-' || lpad((i % $3)::text, 5, '0') AS grant_id,
                       $1::timestamptz + (i::double precision / $2) * interval '1 hour' AS at
                FROM generate_series(0, $2 / 2 - 1) i
            ), next AS (
                SELECT coalesce(max(version), 0) AS base FROM events.mt_events
            ), seeded AS (
                SELECT 'grant-' || grant_id AS stream_id, (SELECT base FROM next) + i AS version, 'grant.usage-recorded' AS type,
                       jsonb_build_object('grantId', grant_id, 'kind', CASE WHEN i % 10 = 0 THEN 2 ELSE i % 2 END, 'rows', i % 500,
                                          'recordedBy', 'dev', 'recordedAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')) AS data,
                       at
                FROM uses
                UNION ALL
                SELECT 'grant-usage-' || grant_id, (SELECT base FROM next) + i, 'sandbox.usage-recorded',
                       jsonb_build_object('grantId', grant_id, 'kind', 'query', 'datasetId', 'ds', 'version', 1, 'queryHash', 'h',
                                          'rows', i % 500, 'truncated', false, 'durationMs', i % 300,
                                          'outcome', CASE WHEN i % 20 = 0 THEN 'denied:quota' ELSE 'ok' END,
                                          'recordedBy', 'dev', 'recordedAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')),
                       at
                FROM uses
            ), streams AS (
                INSERT INTO events.mt_streams AS s (id, version) SELECT stream_id, max(version) FROM seeded GROUP BY stream_id
                ON CONFLICT (id) DO UPDATE SET version = greatest(s.version, excluded.version)
            )
            INSERT INTO events.mt_events (seq_id, id, stream_id, version, type, mt_dotnet_type, data, user_name, timestamp)
            SELECT nextval('events.mt_events_sequence'), gen_random_uuid(), stream_id, version, type, type, data, 'dev', at
            FROM seeded ORDER BY at
            """);
        command.Parameters.Add(new() { Value = hour });
        command.Parameters.Add(new() { Value = events });
        command.Parameters.Add(new() { Value = grants });
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task AnalyzeAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("ANALYZE events.mt_events; ANALYZE domain.mt_doc_grant_view");
        await command.ExecuteNonQueryAsync();
    }

    public static async Task ForgetRollUpsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("TRUNCATE trading.usage_hourly, trading.usage_hours");
        await command.ExecuteNonQueryAsync();
    }

    public static async Task ForgetHourAsync(NpgsqlDataSource dataSource, DateTimeOffset hour)
    {
        foreach (var table in new[] { "trading.usage_hourly", "trading.usage_hours" })
        {
            await using var command = dataSource.CreateCommand($"DELETE FROM {table} WHERE hour_start = $1");
            command.Parameters.Add(new() { Value = hour });
            await command.ExecuteNonQueryAsync();
        }
    }
}
