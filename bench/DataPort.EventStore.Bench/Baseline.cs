using Npgsql;

namespace DataPort.EventStore.Bench;

/// <summary>The raw-insert baseline the event store is measured against.</summary>
public static class Baseline
{
    /// <summary>
    /// Columns like Marten's <c>events.mt_events</c> (position, stream, version, type, data, metadata, time), its
    /// primary and stream/version keys, the same durability (logged, synchronous commit); and the view table the
    /// grain-command pattern upserts.
    /// </summary>
    public static async Task CreateTablesAsync(NpgsqlDataSource dataSource)
    {
        await using var table = dataSource.CreateCommand("""
            CREATE SCHEMA bench;
            CREATE TABLE bench.raw_events (
                position        bigint      GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
                stream_id       text        NOT NULL,
                version         bigint      NOT NULL,
                type            text        NOT NULL,
                data            jsonb       NOT NULL,
                correlation_id  text,
                causation_id    text,
                actor           text,
                headers         jsonb,
                recorded_at     timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT raw_events_stream_version_key UNIQUE (stream_id, version)
            );
            CREATE TABLE bench.usage_views (grant_id text PRIMARY KEY, uses bigint NOT NULL);
            """);
        await table.ExecuteNonQueryAsync();
    }
}
