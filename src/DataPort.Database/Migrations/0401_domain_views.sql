-- Read models of the domain grains, kept by inline projections in the appending transaction.
-- `state` is the grain's whole state as JSON; the other columns exist to filter and sort.
CREATE TABLE domain.dataset_views (
    id                     text        PRIMARY KEY,
    owner_organisation_id  text        NOT NULL,
    status                 text        NOT NULL,
    available              boolean     NOT NULL,
    theme                  text        NOT NULL,
    title_zh               text        NOT NULL,
    title_en               text        NOT NULL,
    version                bigint      NOT NULL,
    state                  jsonb       NOT NULL,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX dataset_views_available ON domain.dataset_views (updated_at DESC) WHERE available;
CREATE INDEX dataset_views_owner ON domain.dataset_views (owner_organisation_id);

CREATE TABLE domain.grant_views (
    id                         text        PRIMARY KEY,
    dataset_id                 text        NOT NULL,
    owner_organisation_id      text        NOT NULL,
    developer_organisation_id  text        NOT NULL,
    status                     text        NOT NULL,
    expires_at                 timestamptz,
    version                    bigint      NOT NULL,
    state                      jsonb       NOT NULL,
    updated_at                 timestamptz NOT NULL
);
CREATE INDEX grant_views_owner ON domain.grant_views (owner_organisation_id);
CREATE INDEX grant_views_developer ON domain.grant_views (developer_organisation_id);
CREATE INDEX grant_views_dataset ON domain.grant_views (dataset_id);
CREATE INDEX grant_views_expiry ON domain.grant_views (expires_at) WHERE status IN ('Active', 'Suspended');
