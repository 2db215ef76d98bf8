-- OpenIddict's Entity Framework Core stores (OpenIddict 7.9 entity shapes, EF Core's default names for them).
-- DataPort keeps its apps in identity.clients; OpenIddict uses the token table (one entry per access token, which
-- revocation marks and validation checks), and the others exist because its token entity refers to them.
-- The hand-written revocation list gives way to the token entries.
CREATE SCHEMA IF NOT EXISTS openiddict;
COMMENT ON SCHEMA openiddict IS 'DataPort: OpenIddict stores (token entries for revocation and validation)';

CREATE TABLE openiddict."OpenIddictApplications" (
    "Id"                      text PRIMARY KEY,
    "ApplicationType"         varchar(50),
    "ClientId"                varchar(100) UNIQUE,
    "ClientSecret"            text,
    "ClientType"              varchar(50),
    "ConcurrencyToken"        varchar(50),
    "ConsentType"             varchar(50),
    "DisplayName"             text,
    "DisplayNames"            text,
    "JsonWebKeySet"           text,
    "Permissions"             text,
    "PostLogoutRedirectUris"  text,
    "Properties"              text,
    "RedirectUris"            text,
    "Requirements"            text,
    "Settings"                text
);

CREATE TABLE openiddict."OpenIddictScopes" (
    "Id"                text PRIMARY KEY,
    "ConcurrencyToken"  varchar(50),
    "Description"       text,
    "Descriptions"      text,
    "DisplayName"       text,
    "DisplayNames"      text,
    "Name"              varchar(200) UNIQUE,
    "Properties"        text,
    "Resources"         text
);

CREATE TABLE openiddict."OpenIddictAuthorizations" (
    "Id"                text PRIMARY KEY,
    "ApplicationId"     text REFERENCES openiddict."OpenIddictApplications" ("Id"),
    "ConcurrencyToken"  varchar(50),
    "CreationDate"      timestamptz,
    "Properties"        text,
    "Scopes"            text,
    "Status"            varchar(50),
    "Subject"           varchar(400),
    "Type"              varchar(50)
);
CREATE INDEX openiddict_authorizations_lookup
    ON openiddict."OpenIddictAuthorizations" ("ApplicationId", "Status", "Subject", "Type");

CREATE TABLE openiddict."OpenIddictTokens" (
    "Id"                text PRIMARY KEY,
    "ApplicationId"     text REFERENCES openiddict."OpenIddictApplications" ("Id"),
    "AuthorizationId"   text REFERENCES openiddict."OpenIddictAuthorizations" ("Id"),
    "ConcurrencyToken"  varchar(50),
    "CreationDate"      timestamptz,
    "ExpirationDate"    timestamptz,
    "Payload"           text,
    "Properties"        text,
    "RedemptionDate"    timestamptz,
    "ReferenceId"       varchar(100) UNIQUE,
    "Status"            varchar(50),
    "Subject"           varchar(400),
    "Type"              varchar(150)
);
CREATE INDEX openiddict_tokens_lookup ON openiddict."OpenIddictTokens" ("ApplicationId", "Status", "Subject", "Type");
CREATE INDEX openiddict_tokens_authorization ON openiddict."OpenIddictTokens" ("AuthorizationId");
-- Pruning deletes by expiry.
CREATE INDEX openiddict_tokens_expiry ON openiddict."OpenIddictTokens" ("ExpirationDate");

DROP TABLE identity.revoked_tokens;
