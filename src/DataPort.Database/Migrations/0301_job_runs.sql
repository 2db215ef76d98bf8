-- Run history for DataPort's background jobs: what Hangfire's dashboard shows and Quartz does not keep.
-- One row per run: an enqueued one-off (a pipeline run) or one occurrence of a recurring job. Retries of a
-- run stay on its row (attempts counts executions); the row is written by the scheduler's job listener and
-- by the jobs' own progress reports.
CREATE SCHEMA IF NOT EXISTS jobs;
COMMENT ON SCHEMA jobs IS 'DataPort: background job run history';

CREATE TABLE jobs.runs (
    id              uuid        PRIMARY KEY,
    job             text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('enqueued', 'processing', 'succeeded', 'failed', 'scheduled', 'deleted')),
    attempts        integer     NOT NULL DEFAULT 0,
    enqueued_at     timestamptz NOT NULL DEFAULT now(),
    -- When a scheduled run (a delayed start or a pending retry) is due.
    due_at          timestamptz NULL,
    started_at      timestamptz NULL,
    finished_at     timestamptz NULL,
    duration_ms     bigint      NULL,
    progress_done   bigint      NULL,
    progress_total  bigint      NULL,
    error           text        NULL,
    node            text        NULL,
    -- The Quartz trigger that fires this run next (or fired it last): how a delete finds what to unschedule.
    trigger_name    text        NOT NULL,
    trigger_group   text        NOT NULL,
    -- The run's arguments as strings, so an operator's retry can enqueue exactly the same work again.
    arguments       jsonb       NOT NULL DEFAULT '{}',
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX runs_state_enqueued ON jobs.runs (state, enqueued_at DESC);
CREATE INDEX runs_job_enqueued ON jobs.runs (job, enqueued_at DESC);
CREATE INDEX runs_enqueued ON jobs.runs (enqueued_at DESC);
CREATE INDEX runs_trigger ON jobs.runs (trigger_group, trigger_name) WHERE state IN ('processing', 'scheduled', 'enqueued');
