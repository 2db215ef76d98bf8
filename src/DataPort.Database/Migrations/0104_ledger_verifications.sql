-- Full verifications of the ledger against the events (the nightly job, or one a regulator starts): what was found and
-- how long it took, so the status shows the last result without anyone re-running it.
CREATE TABLE ledger.verifications (
    id                    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at            timestamptz NOT NULL,
    finished_at           timestamptz NOT NULL,
    intact                boolean     NOT NULL,
    entries_verified      bigint      NOT NULL,
    checkpoints_verified  int         NOT NULL,
    unsigned_entries      bigint      NOT NULL,
    first_bad_position    bigint,
    problem               text
);
