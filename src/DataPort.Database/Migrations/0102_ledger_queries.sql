-- The regulators' ledger view filters events by type and by time; subjects (streams) use the stream/version key.
CREATE INDEX events_type_position ON events.events (type, position);
CREATE INDEX events_recorded_at ON events.events (recorded_at);
