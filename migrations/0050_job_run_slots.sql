-- Each scheduled slot of a job runs at most once across instances (issue 13 item 3): the advisory
-- lock only prevents overlap, so a fast run on one instance could be followed by the same slot on
-- another. A scheduled run records the cron time it is for; the unique index lets one claim it.
-- Manual runs ("run now") have no slot.
ALTER TABLE job_runs ADD COLUMN slot timestamptz;
CREATE UNIQUE INDEX idx_job_runs_slot ON job_runs (job, slot) WHERE slot IS NOT NULL;
