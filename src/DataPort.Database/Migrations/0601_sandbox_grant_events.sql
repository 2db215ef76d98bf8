-- Grant roles follow grant events (an async projection) rather than each query. The query path keeps a cheap
-- check: one indexed read comparing what the roles were made from with the live grant and the loaded versions.
ALTER TABLE sandbox.grant_roles
    ADD COLUMN terms          text    NOT NULL DEFAULT '',
    ADD COLUMN versions_stamp text    NOT NULL DEFAULT '',
    ADD COLUMN schemas        text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN grant_version  bigint  NOT NULL DEFAULT 0;
COMMENT ON COLUMN sandbox.grant_roles.terms IS 'hash of the grant terms (status, expiry, datasets, columns, versions) and sandbox limits the roles were made from';
COMMENT ON COLUMN sandbox.grant_roles.versions_stamp IS 'md5 of the loaded version schemas at the last sync: a newly loaded version forces a re-sync';

-- A grant whose roles were dropped by a suspension, revocation or expiry event, with the grant stream version
-- of that event. A query that read the grant before that event (lower or equal version) must not recreate the
-- roles the event just dropped; a later resume (higher version) clears the row.
CREATE TABLE sandbox.dropped_grants (
    grant_id       text        PRIMARY KEY,
    grant_version  bigint      NOT NULL,
    reason         text        NOT NULL,
    dropped_at     timestamptz NOT NULL DEFAULT now()
);
