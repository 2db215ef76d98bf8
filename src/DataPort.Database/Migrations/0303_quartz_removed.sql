-- Background jobs moved from Quartz (and DataPort's own run history) to Hangfire, whose tables Hangfire's installer
-- makes in schema hangfire (HangfireSchema.cs). New databases never get the old tables; these lines clear them from
-- databases made before.
DROP SCHEMA IF EXISTS quartz CASCADE;
DROP SCHEMA IF EXISTS jobs CASCADE;
