-- The data-port sandbox's bookkeeping. The masked data itself lives in one schema per dataset version
-- (sbx_<dataset>_v<version>), created by the loader, never by a migration.
CREATE SCHEMA IF NOT EXISTS sandbox;
COMMENT ON SCHEMA sandbox IS 'DataPort: sandbox bookkeeping (loaded versions, grant roles, query log)';

-- One row per loaded dataset version. A version is immutable: the same version with another content hash
-- is refused, so every query traces back to exactly one pipeline output.
CREATE TABLE sandbox.versions (
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

-- One row per grant whose PostgreSQL roles exist. The fingerprint is a hash of what the roles were last
-- granted (columns x loaded schemas), so a query can tell cheaply whether the roles still match the grant.
CREATE TABLE sandbox.grant_roles (
    grant_id      text        PRIMARY KEY,
    role_name     text        NOT NULL UNIQUE,
    login_role    text        NOT NULL UNIQUE,
    fingerprint   text        NOT NULL,
    expires_at    timestamptz NOT NULL,
    synced_at     timestamptz NOT NULL DEFAULT now()
);

-- Every query, aggregation and download, whatever its outcome. The query text itself is not kept, only its
-- SHA-256, so the log can be shown to regulators without disclosing a developer's work.
CREATE TABLE sandbox.query_log (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grant_id      text        NOT NULL,
    kind          text        NOT NULL,
    dataset_id    text,
    version       integer,
    query_hash    text        NOT NULL,
    row_count     bigint      NOT NULL,
    truncated     boolean     NOT NULL,
    duration_ms   bigint      NOT NULL,
    outcome       text        NOT NULL,
    actor_id      text        NOT NULL,
    at            timestamptz NOT NULL
);
CREATE INDEX query_log_grant ON sandbox.query_log (grant_id, at);
