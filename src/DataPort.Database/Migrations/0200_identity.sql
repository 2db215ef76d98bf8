-- Identity (IdentityServer's role): organisations, users, OAuth clients and their secrets, signing keys,
-- revoked access tokens. Times are written by the application's clock (TimeProvider), so no DEFAULT now().
CREATE SCHEMA IF NOT EXISTS identity;
COMMENT ON SCHEMA identity IS 'DataPort: organisations, users, OAuth clients, signing keys, revoked tokens';

CREATE TABLE identity.organisations (
    id          text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE identity.users (
    id                   uuid        PRIMARY KEY,
    organisation_id      text        NOT NULL REFERENCES identity.organisations (id),
    email                text        NOT NULL,
    -- Upper-cased invariant email, as ASP.NET Core Identity normalises it: one account per address.
    normalized_email     text        NOT NULL UNIQUE,
    display_name         text        NOT NULL,
    password_hash        text        NOT NULL,
    roles                text[]      NOT NULL CHECK (roles <@ ARRAY['merchant', 'developer', 'operator', 'regulator']),
    access_failed_count  integer     NOT NULL DEFAULT 0,
    lockout_end          timestamptz,
    created_at           timestamptz NOT NULL
);
CREATE INDEX users_organisation ON identity.users (organisation_id);

CREATE TABLE identity.clients (
    client_id            text        PRIMARY KEY,
    organisation_id      text        NOT NULL REFERENCES identity.organisations (id),
    name                 text        NOT NULL,
    allowed_scopes       text[]      NOT NULL,
    allowed_grant_types  text[]      NOT NULL,
    enabled              boolean     NOT NULL,
    created_at           timestamptz NOT NULL,
    created_by           text        NOT NULL
);
CREATE INDEX clients_organisation ON identity.clients (organisation_id);

-- Secrets are 256-bit random values, so a plain SHA-256 is a sufficient one-way store (as IdentityServer does);
-- a slow password hash would only add latency to every token request.
CREATE TABLE identity.client_secrets (
    id           uuid        PRIMARY KEY,
    client_id    text        NOT NULL REFERENCES identity.clients (client_id) ON DELETE CASCADE,
    sha256       bytea       NOT NULL,
    description  text,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz
);
CREATE INDEX client_secrets_client ON identity.client_secrets (client_id);

-- ES256 signing keys. A key signs from activates_at until the next key activates; it is published in the JWKS
-- from creation (before it signs) until its successor has been active for the retention time.
-- The private key is AES-256-GCM encrypted with the key-encryption key (Identity:KeyEncryptionKey), kid as AAD.
CREATE TABLE identity.signing_keys (
    kid                    text        PRIMARY KEY,
    algorithm              text        NOT NULL,
    public_x               text        NOT NULL,
    public_y               text        NOT NULL,
    private_key_encrypted  bytea       NOT NULL,
    created_at             timestamptz NOT NULL,
    activates_at           timestamptz NOT NULL
);

-- RFC 7009 revocation: a jti stays here until the token would have expired anyway.
CREATE TABLE identity.revoked_tokens (
    jti         text        PRIMARY KEY,
    client_id   text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz NOT NULL
);
CREATE INDEX revoked_tokens_expiry ON identity.revoked_tokens (expires_at);

-- ASP.NET Core Data Protection key ring (sign-in cookies, antiforgery), shared by every server process.
-- Each element is encrypted with the key-encryption key before it is stored.
CREATE TABLE identity.data_protection_keys (
    friendly_name  text        PRIMARY KEY,
    xml            text        NOT NULL,
    created_at     timestamptz NOT NULL
);
