-- Asset registrations as lists need them: each organisation's own, and the operators' review queue. Kept by an
-- asynchronous projection, so an installation that already holds registrations gets them projected from the start.
CREATE TABLE domain.asset_views (
    id                     text        PRIMARY KEY,
    owner_organisation_id  text        NOT NULL,
    status                 text        NOT NULL,
    title_zh               text        NOT NULL,
    title_en               text        NOT NULL,
    version                bigint      NOT NULL,
    state                  jsonb       NOT NULL,
    submitted_at           timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX asset_views_owner ON domain.asset_views (owner_organisation_id, updated_at DESC);
CREATE INDEX asset_views_status ON domain.asset_views (status, submitted_at);
