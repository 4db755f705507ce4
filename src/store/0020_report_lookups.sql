-- 0020: each unit's latest report on a task, as of a month, found by index (see
-- progress::status_reports): a task's units are walked one seek at a time and each one's newest
-- entry read from the end, instead of reading every report of every year for each page. The
-- submission id and the row id (implicit) order a month's entries as received.
CREATE INDEX progress_task_unit_period ON progress(task_id, unit_id, period, submission_id);
