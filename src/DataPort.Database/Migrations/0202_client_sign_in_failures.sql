-- Failed client authentications, counted per (client id, source address) and per source address, so guessing a
-- secret slows down and then stops for a while. Only the failures of the last hour count; a success clears its pair.
CREATE TABLE identity.client_sign_in_failures (
    key             text        PRIMARY KEY,   -- 'client:{client id}|{address}' or 'address:{address}'
    failures        integer     NOT NULL CHECK (failures > 0),
    last_failed_at  timestamptz NOT NULL,
    blocked_until   timestamptz
);
CREATE INDEX client_sign_in_failures_last ON identity.client_sign_in_failures (last_failed_at);
