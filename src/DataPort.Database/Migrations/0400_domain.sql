-- Domain support tables (issue 4): certificate numbering and HTTP idempotency. Grain state itself lives
-- in the event store's streams.
CREATE SCHEMA IF NOT EXISTS domain;
COMMENT ON SCHEMA domain IS 'DataPort: asset registrations, datasets and access grants (support tables and read models)';

-- XMDA-YYYY-NNNNNN: one counter per year, advanced under the row lock so processes never share a number.
CREATE TABLE domain.certificate_numbers (
    year           integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
    last_sequence  integer NOT NULL CHECK (last_sequence BETWEEN 1 AND 999999)
);

-- Idempotency-Key: a creating POST is stored with a hash of its request and its response, so a retry
-- replays the response instead of creating twice. Keys are scoped to the caller.
CREATE TABLE domain.idempotency_keys (
    actor          text        NOT NULL,
    key            text        NOT NULL,
    method         text        NOT NULL,
    path           text        NOT NULL,
    request_hash   text        NOT NULL,
    status_code    integer,
    response_body  text,
    response_headers jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    completed_at   timestamptz,
    PRIMARY KEY (actor, key)
);
CREATE INDEX idempotency_keys_created_at ON domain.idempotency_keys (created_at);
