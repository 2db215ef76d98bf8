using Npgsql;

namespace DataPort.EventStore.Bench;

/// <summary>The raw-insert baseline the event store is measured against.</summary>
public static class Baseline
{
    /// <summary>The same columns, the same indexes, the same durability (logged, synchronous commit) as <c>events.events</c>.</summary>
    public static async Task CreateTableAsync(NpgsqlDataSource dataSource)
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
                tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
                CONSTRAINT raw_events_stream_version_key UNIQUE (stream_id, version)
            );
            """);
        await table.ExecuteNonQueryAsync();
    }
}
