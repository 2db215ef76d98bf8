-- A run's progress names its stage (e.g. a pipeline's classify / mask / suppress) and the records done so far,
-- beside the done-of-total counts, so a merchant following an upload sees rows read, not just a percentage.
ALTER TABLE jobs.runs ADD COLUMN progress_stage text NULL;
ALTER TABLE jobs.runs ADD COLUMN progress_items bigint NULL;
