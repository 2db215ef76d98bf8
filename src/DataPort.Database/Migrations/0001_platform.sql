-- The platform's own schema, for facts that belong to no single module. Modules create their own schemas
-- (events, ledger, identity, quartz, catalog, trading, sandbox) in their own migrations.
CREATE SCHEMA IF NOT EXISTS platform;
COMMENT ON SCHEMA platform IS 'DataPort: cross-module platform data';
