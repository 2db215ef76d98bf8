-- The roots of the Merkle tree's perfect subtrees of 256 leaves and more, so an inclusion or consistency proof reads
-- about log2(n) stored hashes and at most a few blocks of 256 leaves instead of every leaf. Written by the sealer in
-- the transaction that seals the leaves; derived data a verifier never trusts (it recomputes roots from the leaves).
CREATE TABLE ledger.subtrees (
    level      smallint NOT NULL CHECK (level BETWEEN 8 AND 62),  -- the subtree holds 2^level leaves
    "index"    bigint   NOT NULL CHECK ("index" >= 0),            -- ... leaves [index * 2^level, (index + 1) * 2^level)
    hash       bytea    NOT NULL,
    PRIMARY KEY (level, "index")
);

CREATE TRIGGER subtrees_append_only BEFORE UPDATE OR DELETE ON ledger.subtrees
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
