-- Hourly usage roll-up (the jobs module's usage-rollup job, implemented by trading's HourlyUsage): one row
-- per closed hour and grant, recomputed whole from the usage events of that hour, so a rerun overwrites it.
-- The grant fixes the dataset and both organisations, so they are copied here to filter without a join.
CREATE TABLE trading.usage_hourly (
    hour_start             timestamptz NOT NULL,
    grant_id               text        NOT NULL,
    dataset_id             text        NOT NULL,
    -- The organisation using the grant (the buyer, who is billed) and the dataset's owner (the seller).
    organisation_id        text        NOT NULL,
    owner_organisation_id  text        NOT NULL,
    -- From grant.usage-recorded (what the quota and pay-per-query billing count): row-level queries and
    -- aggregates, downloads, rows delivered.
    queries                bigint      NOT NULL,
    downloads              bigint      NOT NULL,
    rows                   bigint      NOT NULL,
    -- From sandbox.usage-recorded (every attempt, allowed or not): refusals and time spent running.
    denied                 bigint      NOT NULL,
    duration_ms            bigint      NOT NULL,
    PRIMARY KEY (hour_start, grant_id)
);
CREATE INDEX usage_hourly_organisation ON trading.usage_hourly (organisation_id, hour_start);
CREATE INDEX usage_hourly_owner ON trading.usage_hourly (owner_organisation_id, hour_start);
CREATE INDEX usage_hourly_grant ON trading.usage_hourly (grant_id, hour_start);

-- Which hours have been rolled up (also those with no usage): readers take these hours from usage_hourly
-- and read every other hour live from the events, so a missing roll-up costs speed, never correctness.
CREATE TABLE trading.usage_hours (
    hour_start    timestamptz PRIMARY KEY,
    events        bigint      NOT NULL,
    rolled_up_at  timestamptz NOT NULL
);

-- The roll-up finds an hour's usage events by commit time. Without this index every hourly run would scan the
-- whole event log; partial, so it only costs appends of the two usage event types.
CREATE INDEX events_usage_recorded_at ON events.events (recorded_at)
    WHERE type IN ('grant.usage-recorded', 'sandbox.usage-recorded');
