-- The event store (Marten's role): streams, events in one global order, projection progress.
CREATE SCHEMA IF NOT EXISTS events;
COMMENT ON SCHEMA events IS 'DataPort: event streams, the global event log and projection progress';

CREATE TABLE events.streams (
    id          text        PRIMARY KEY,
    type        text,
    version     bigint      NOT NULL CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- CACHE 1 keeps positions increasing in the order they are drawn across sessions: the daemon's gap
-- handling relies on "a position was drawn before every higher one".
CREATE TABLE events.events (
    position        bigint      GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
    stream_id       text        NOT NULL,
    version         bigint      NOT NULL,
    type            text        NOT NULL,
    data            jsonb       NOT NULL,
    correlation_id  text,
    causation_id    text,
    actor           text,
    headers         jsonb,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    -- The writer's transaction: lets readers tell "not committed yet" from "never will be".
    tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
);

-- Where each async projection has got to (the last global position it applied).
CREATE TABLE events.projections (
    name        text        PRIMARY KEY,
    position    bigint      NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One round trip per append: the expected-version check and the inserts happen here, under the stream
-- row's lock only, so appends to different streams never wait for each other.
-- p_expected: -1 = any, 0 = the stream must not exist, n > 0 = the stream must be at version n.
-- Returns the new version and the positions, or (NULL, actual version, NULL) on a version conflict.
CREATE FUNCTION events.append(
    p_stream_id      text,
    p_stream_type    text,
    p_expected       bigint,
    p_types          text[],
    p_data           jsonb[],
    p_correlation_id text,
    p_causation_id   text,
    p_actor          text,
    p_headers        jsonb)
RETURNS TABLE (new_version bigint, actual_version bigint, positions bigint[])
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    n        bigint := cardinality(p_types);
    reached  bigint;
BEGIN
    -- Writing the stream row first assigns this transaction its id before any position is drawn,
    -- which the readers' "all owners of a gap have finished" test depends on.
    IF p_expected = -1 THEN
        INSERT INTO events.streams AS s (id, type, version) VALUES (p_stream_id, p_stream_type, n)
        ON CONFLICT (id) DO UPDATE SET version = s.version + n, updated_at = now()
        RETURNING s.version INTO reached;
    ELSIF p_expected = 0 THEN
        INSERT INTO events.streams (id, type, version) VALUES (p_stream_id, p_stream_type, n)
        ON CONFLICT (id) DO NOTHING
        RETURNING version INTO reached;
    ELSE
        UPDATE events.streams SET version = version + n, updated_at = now()
        WHERE id = p_stream_id AND version = p_expected
        RETURNING version INTO reached;
    END IF;

    IF reached IS NULL THEN
        RETURN QUERY SELECT NULL::bigint,
            coalesce((SELECT s.version FROM events.streams s WHERE s.id = p_stream_id), 0::bigint),
            NULL::bigint[];
        RETURN;
    END IF;

    RETURN QUERY
    WITH inserted AS (
        INSERT INTO events.events (stream_id, version, type, data, correlation_id, causation_id, actor, headers)
        SELECT p_stream_id, reached - n + e.ord, e.type, e.data, p_correlation_id, p_causation_id, p_actor, p_headers
        FROM unnest(p_types, p_data) WITH ORDINALITY AS e(type, data, ord)
        ORDER BY e.ord
        RETURNING position)
    SELECT reached, reached, array_agg(i.position ORDER BY i.position) FROM inserted i;
END
$$;
