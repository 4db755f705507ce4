-- 0024: each unit's latest current report on each task, kept by triggers (issue #27).
-- Every page works out task statuses from each (task, unit)'s latest entry with text or a status
-- in a current (not replaced) submission of the task's plan; finding 20,000 of them one seek at
-- a time took most of each page's time. progress_latest holds that entry, ordered as
-- progress::status_reports orders them (period, then submission, then row). The triggers below
-- keep it in the writer's own transaction whatever writes progress or submission (imports, undo,
-- replacing files, deleting a task, unit or plan); progress::latest_mismatches recomputes it.

-- The entries that count: text or a status, in a current submission of the task's plan.
CREATE VIEW progress_current AS
SELECT q.id, q.task_id, q.unit_id, q.period, q.submission_id
FROM progress q
JOIN submission s ON s.id = q.submission_id
JOIN task t ON t.id = q.task_id
WHERE s.plan_id = t.plan_id AND s.replaced_by IS NULL
  AND (q.status IS NOT NULL OR trim(q.text) <> '');

-- Each pair's latest of them, worked out from every report.
CREATE VIEW progress_latest_fresh AS
SELECT task_id, unit_id, period, submission_id, id AS progress_id FROM (
    SELECT c.*, row_number() OVER (PARTITION BY c.task_id, c.unit_id
                                   ORDER BY c.period DESC, c.submission_id DESC, c.id DESC) AS n
    FROM progress_current c)
WHERE n = 1;

CREATE TABLE progress_latest (
    task_id       INTEGER NOT NULL,
    unit_id       INTEGER NOT NULL,
    period        TEXT    NOT NULL,
    submission_id INTEGER NOT NULL,
    progress_id   INTEGER NOT NULL,
    PRIMARY KEY (task_id, unit_id)
) WITHOUT ROWID;

INSERT INTO progress_latest (task_id, unit_id, period, submission_id, progress_id)
SELECT task_id, unit_id, period, submission_id, progress_id FROM progress_latest_fresh;

-- A pair written here has its latest looked for again, from the end of
-- progress_task_unit_period; the row is gone when the trigger ends (always empty).
CREATE TABLE progress_latest_stale (
    task_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL
);

CREATE TRIGGER progress_latest_stale_insert AFTER INSERT ON progress_latest_stale
BEGIN
    DELETE FROM progress_latest WHERE task_id = NEW.task_id AND unit_id = NEW.unit_id;
    INSERT INTO progress_latest (task_id, unit_id, period, submission_id, progress_id)
    SELECT task_id, unit_id, period, submission_id, id FROM progress_current
    WHERE task_id = NEW.task_id AND unit_id = NEW.unit_id
    ORDER BY period DESC, submission_id DESC, id DESC LIMIT 1;
    DELETE FROM progress_latest_stale WHERE rowid = NEW.rowid;
END;

-- A new entry becomes its pair's latest when it counts and comes after the one held.
CREATE TRIGGER progress_latest_insert AFTER INSERT ON progress
WHEN NEW.submission_id IS NOT NULL AND (NEW.status IS NOT NULL OR trim(NEW.text) <> '')
BEGIN
    INSERT INTO progress_latest (task_id, unit_id, period, submission_id, progress_id)
    SELECT NEW.task_id, NEW.unit_id, NEW.period, NEW.submission_id, NEW.id
    FROM submission s JOIN task t ON t.id = NEW.task_id
    WHERE s.id = NEW.submission_id AND s.replaced_by IS NULL AND s.plan_id = t.plan_id
    ON CONFLICT (task_id, unit_id) DO UPDATE
    SET period = excluded.period, submission_id = excluded.submission_id,
        progress_id = excluded.progress_id
    WHERE (excluded.period, excluded.submission_id, excluded.progress_id)
          > (progress_latest.period, progress_latest.submission_id, progress_latest.progress_id);
END;

-- The entry held is deleted or changed; a submission is replaced, restored, moved or deleted
-- (with foreign keys on its entries go too; this also covers a connection with them off); a
-- task moves to another plan: its pairs are looked for again.
CREATE TRIGGER progress_latest_delete AFTER DELETE ON progress
WHEN EXISTS (SELECT 1 FROM progress_latest
             WHERE task_id = OLD.task_id AND unit_id = OLD.unit_id AND progress_id = OLD.id)
BEGIN
    INSERT INTO progress_latest_stale VALUES (OLD.task_id, OLD.unit_id);
END;

CREATE TRIGGER progress_latest_update
AFTER UPDATE OF task_id, unit_id, period, text, status, submission_id ON progress
BEGIN
    INSERT INTO progress_latest_stale VALUES (OLD.task_id, OLD.unit_id);
    INSERT INTO progress_latest_stale SELECT NEW.task_id, NEW.unit_id
    WHERE NEW.task_id <> OLD.task_id OR NEW.unit_id <> OLD.unit_id;
END;

CREATE TRIGGER progress_latest_submission_update
AFTER UPDATE OF replaced_by, plan_id ON submission
WHEN (OLD.replaced_by IS NULL) <> (NEW.replaced_by IS NULL) OR OLD.plan_id <> NEW.plan_id
BEGIN
    INSERT INTO progress_latest_stale
    SELECT DISTINCT task_id, unit_id FROM progress WHERE submission_id = NEW.id;
END;

CREATE TRIGGER progress_latest_submission_delete AFTER DELETE ON submission
BEGIN
    INSERT INTO progress_latest_stale
    SELECT DISTINCT task_id, unit_id FROM progress WHERE submission_id = OLD.id;
END;

CREATE TRIGGER progress_latest_task_update AFTER UPDATE OF plan_id ON task
WHEN OLD.plan_id <> NEW.plan_id
BEGIN
    INSERT INTO progress_latest_stale
    SELECT DISTINCT task_id, unit_id FROM progress WHERE task_id = NEW.id;
END;

-- A deleted task or unit takes its pairs along.
CREATE TRIGGER progress_latest_task_delete AFTER DELETE ON task
BEGIN
    DELETE FROM progress_latest WHERE task_id = OLD.id;
END;

CREATE TRIGGER progress_latest_unit_delete AFTER DELETE ON unit
BEGIN
    DELETE FROM progress_latest WHERE unit_id = OLD.id;
END;
