namespace DataPort.Sandbox.Database;

/// <summary>The SQL that makes a sandbox database: its bookkeeping, and its lock-down against grant roles.</summary>
internal static class SandboxSchemaSql
{
    /// <summary>Which versions are loaded and which grant roles exist (idempotent; no grant role can use the schema).</summary>
    public const string Bookkeeping = """
        CREATE SCHEMA IF NOT EXISTS sandbox;
        REVOKE ALL ON SCHEMA sandbox FROM PUBLIC;
        CREATE TABLE IF NOT EXISTS sandbox.versions (
            dataset_id    text        NOT NULL,
            version       integer     NOT NULL CHECK (version > 0),
            content_hash  text        NOT NULL,
            schema_name   text        NOT NULL UNIQUE,
            table_name    text        NOT NULL,
            columns       jsonb       NOT NULL,
            row_count     bigint      NOT NULL,
            loaded_at     timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (dataset_id, version)
        );
        CREATE TABLE IF NOT EXISTS sandbox.grant_roles (
            grant_id       text        PRIMARY KEY,
            role_name      text        NOT NULL UNIQUE,
            login_role     text        NOT NULL UNIQUE,
            fingerprint    text        NOT NULL,
            expires_at     timestamptz NOT NULL,
            synced_at      timestamptz NOT NULL DEFAULT now(),
            terms          text        NOT NULL DEFAULT '',
            versions_stamp text        NOT NULL DEFAULT '',
            schemas        text[]      NOT NULL DEFAULT '{}',
            grant_version  bigint      NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS sandbox.dropped_grants (
            grant_id       text        PRIMARY KEY,
            grant_version  bigint      NOT NULL,
            reason         text        NOT NULL,
            dropped_at     timestamptz NOT NULL DEFAULT now()
        );
        """;

    /// <summary>
    /// PUBLIC keeps EXECUTE only on the allowed functions and on those behind operators and casts (so arithmetic,
    /// comparison and casts work), never on a function taking or giving a <c>reg*</c> type (which resolve names); the
    /// catalog views that list roles, sessions, settings and databases are closed; the <c>public</c> schema is closed.
    /// Re-applied on every start, so functions of a newer server version start closed too.
    /// </summary>
    public static string LockDown(IReadOnlySet<string> allowed) => $$"""
        REVOKE ALL ON SCHEMA public FROM PUBLIC;
        REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA pg_catalog FROM PUBLIC;
        DO $lockdown$
        DECLARE f regprocedure;
        BEGIN
            FOR f IN
                SELECT p.oid::regprocedure FROM pg_proc p
                WHERE p.pronamespace = 'pg_catalog'::regnamespace
                  AND (p.oid IN (SELECT oprcode FROM pg_operator) OR p.oid IN (SELECT castfunc FROM pg_cast)
                       OR p.proname = ANY (ARRAY[{{string.Join(", ", allowed.Order(StringComparer.Ordinal).Select(name => $"'{name}'"))}}]))
                  AND p.prorettype::regtype::text NOT LIKE 'reg%'
                  AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes) AS a(t) WHERE a.t::regtype::text LIKE 'reg%')
            LOOP
                EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
            END LOOP;
        END
        $lockdown$;
        REVOKE SELECT ON pg_catalog.pg_roles, pg_catalog.pg_user, pg_catalog.pg_group, pg_catalog.pg_auth_members,
            pg_catalog.pg_stat_activity, pg_catalog.pg_settings, pg_catalog.pg_database, pg_catalog.pg_stat_ssl,
            pg_catalog.pg_stat_gssapi, pg_catalog.pg_db_role_setting, pg_catalog.pg_stat_database FROM PUBLIC;
        """;
}
