-- Orleans' membership table, kept by DataPort's own provider (PostgresMembershipTable in DataPort.Grains):
-- which silos form the cluster, their status and heartbeats. Orleans' protocol needs two things to change
-- atomically: a silo's row and the cluster's table version, each guarded by its etag.
CREATE SCHEMA IF NOT EXISTS cluster;
COMMENT ON SCHEMA cluster IS 'DataPort: Orleans cluster membership (silos and the membership version)';

-- One row per cluster: the membership version Orleans reads and bumps with every change of a silo's row.
CREATE TABLE cluster.membership_versions (
    cluster_id  text        PRIMARY KEY,
    version     integer     NOT NULL,
    etag        bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation: `address` is Orleans' parsable silo address (endpoint and generation), so a
-- restarted process is a new row and its dead predecessor stays until cleaned up.
CREATE TABLE cluster.silos (
    cluster_id     text        NOT NULL REFERENCES cluster.membership_versions (cluster_id) ON DELETE CASCADE,
    address        text        NOT NULL,
    silo_name      text        NOT NULL,
    host_name      text        NOT NULL,
    role_name      text        NOT NULL,
    status         integer     NOT NULL,
    proxy_port     integer     NOT NULL,
    update_zone    integer     NOT NULL,
    fault_zone     integer     NOT NULL,
    start_time     timestamptz NOT NULL,
    i_am_alive     timestamptz NOT NULL,
    -- Who suspects this silo, and since when: [{"silo": address, "at": time}].
    suspect_times  jsonb       NOT NULL DEFAULT '[]',
    etag           bigint      NOT NULL,
    PRIMARY KEY (cluster_id, address)
);
