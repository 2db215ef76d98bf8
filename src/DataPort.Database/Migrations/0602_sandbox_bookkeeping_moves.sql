-- The sandbox's bookkeeping (loaded versions, grant roles, dropped grants) moves into the sandbox database, beside
-- the releases it describes, where the application creates it (src/DataPort.Sandbox/Database/SandboxSchemaSql.cs).
-- The query log stays: it is a projection of the platform's events. Versions loaded into this database before the
-- move are loaded again from their releases by `dataport catalog publish`.
DROP TABLE IF EXISTS sandbox.versions, sandbox.grant_roles, sandbox.dropped_grants;
