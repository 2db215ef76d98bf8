-- The audit ledger: events sealed in global order into an SM3 hash chain and an RFC 6962 Merkle tree,
-- with SM2-signed checkpoints. Written only by the sealer, behind the writers.
CREATE SCHEMA IF NOT EXISTS ledger;
COMMENT ON SCHEMA ledger IS 'DataPort: tamper-evident audit ledger over events.events';

-- The SM2 signing keys. The private key is SM4-GCM encrypted with a key from configuration
-- (Ledger:KeyEncryptionKey) or a key file, never stored in clear; kek_fingerprint names that key.
CREATE TABLE ledger.keys (
    id                     int         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    algorithm              text        NOT NULL DEFAULT 'SM2',
    public_key             bytea       NOT NULL,
    encrypted_private_key  bytea       NOT NULL,
    kek_fingerprint        text        NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now()
);

-- seq is the entry's index in the Merkle tree (0-based); entry_hash = SM3(previous entry_hash || event encoding).
CREATE TABLE ledger.entries (
    seq         bigint      PRIMARY KEY,
    position    bigint      NOT NULL UNIQUE,
    entry_hash  bytea       NOT NULL,
    sealed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger.checkpoints (
    tree_size   bigint      PRIMARY KEY,
    root_hash   bytea       NOT NULL,
    signed_at   timestamptz NOT NULL,
    key_id      int         NOT NULL REFERENCES ledger.keys (id),
    signature   bytea       NOT NULL
);

-- Where the sealer stopped: saves re-reading the whole ledger on every seal. Never trusted by a verifier.
CREATE TABLE ledger.head (
    id             boolean     PRIMARY KEY DEFAULT true CHECK (id),
    tree_size      bigint      NOT NULL,
    last_position  bigint      NOT NULL,
    last_hash      bytea       NOT NULL,
    frontier       bytea       NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Append-only by default. This stops mistakes, not an administrator (who can disable triggers); the hash
-- chain and the signed checkpoints are what make such a change visible.
CREATE FUNCTION ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only', TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON ledger.entries
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger.checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events.events
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
