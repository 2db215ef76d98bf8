-- The event history moves onto Marten (events.mt_events / events.mt_streams, created by Marten's own DDL just
-- before these migrations run). Every event keeps its position (seq_id), stream, version, type, data, metadata
-- and time, so the ledger's entries keep their hashes: the chain continues across the switch.
-- On a new database the hand-written tables are empty and this only drops them.

INSERT INTO events.mt_streams (id, type, version, timestamp, created)
SELECT id, type, version, updated_at, created_at FROM events.streams;

-- Marten finds an event's class by its alias (type); mt_dotnet_type is only its fallback, so it repeats the alias.
INSERT INTO events.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type, timestamp,
                              correlation_id, causation_id, headers, user_name)
SELECT position, gen_random_uuid(), stream_id, version, data, type, type, recorded_at,
       correlation_id, causation_id, headers, actor
FROM events.events
ORDER BY position;

-- New events continue after the copied ones.
SELECT setval('events.mt_events_sequence', greatest((SELECT max(seq_id) FROM events.mt_events), 1),
              (SELECT max(seq_id) FROM events.mt_events) IS NOT NULL);

-- The switch is itself an event, right after the copied ones, so the ledger seals it and the next signed checkpoint
-- covers it (only where there was a history to move).
INSERT INTO events.mt_streams (id, version, timestamp, created)
SELECT 'platform-event-store', 1, now(), now() WHERE EXISTS (SELECT 1 FROM events.events);
INSERT INTO events.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type, timestamp, user_name)
SELECT nextval('events.mt_events_sequence'), gen_random_uuid(), 'platform-event-store', 1,
       jsonb_build_object('store', 'marten', 'eventsCopied', count(*), 'lastPosition', max(position),
                          'movedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
       'platform.event-store-moved', 'platform.event-store-moved', now(), 'dataport db migrate'
FROM events.events HAVING count(*) > 0;

-- Everything so far is committed: the high-water mark starts there, and the reactions that ran as hand-written
-- async projections continue as Marten subscriptions from where they had got to ("name:All" is Marten's shard).
-- The ledger's own subscription only signals the sealer, which knows where it stopped: it starts at the end.
INSERT INTO events.mt_event_progression (name, last_seq_id, last_updated)
SELECT mark, max(seq_id), now() FROM events.mt_events, (VALUES ('HighWaterMark'), ('ledger-sealing:All')) AS marks(mark)
GROUP BY mark HAVING max(seq_id) IS NOT NULL;
INSERT INTO events.mt_event_progression (name, last_seq_id, last_updated)
SELECT name || ':All', position, now() FROM events.projections WHERE position > 0;

DROP FUNCTION events.append(text, text, bigint, text[], jsonb[], text, text, text, jsonb);
DROP TABLE events.events;
DROP TABLE events.streams;
DROP TABLE events.projections;
COMMENT ON SCHEMA events IS 'Marten: event streams, the global event log and the async daemon''s progress';

-- The same guards and indexes the hand-written table had.
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events.mt_events
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE INDEX events_type_seq ON events.mt_events (type, seq_id);
CREATE INDEX events_timestamp ON events.mt_events (timestamp);
CREATE INDEX events_usage_timestamp ON events.mt_events (timestamp)
    WHERE type IN ('grant.usage-recorded', 'sandbox.usage-recorded');
