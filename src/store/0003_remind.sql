-- 0003: reporting reminders: reporting-rule extensions, the clerk's imported working-day calendar,
-- the 催报 log, and since when each unit reports for a plan.

-- The reporting rule (plan::ReportRule) beyond day / 月底 / covers.
ALTER TABLE plan ADD COLUMN report_shift_workday INTEGER NOT NULL DEFAULT 1
    CHECK (report_shift_workday IN (0, 1));
ALTER TABLE plan ADD COLUMN report_monthly INTEGER NOT NULL DEFAULT 1
    CHECK (report_monthly IN (0, 1));
ALTER TABLE plan ADD COLUMN report_quarterly INTEGER NOT NULL DEFAULT 0
    CHECK (report_quarterly IN (0, 1));
ALTER TABLE plan ADD COLUMN report_half_yearly INTEGER NOT NULL DEFAULT 0
    CHECK (report_half_yearly IN (0, 1));
-- First and last reported period (YYYY-MM); NULL: from the plan's start / to its end.
ALTER TABLE plan ADD COLUMN report_from TEXT
    CHECK (report_from IS NULL OR report_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]');
ALTER TABLE plan ADD COLUMN report_until TEXT
    CHECK (report_until IS NULL OR report_until GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]');

-- Calendar files the clerk imported (validated JSON as received). Each one's years replace the
-- built-in calendar's and earlier imports' same years; undoing an import deletes its row.
CREATE TABLE calendar_import (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT    NOT NULL DEFAULT '',
    content     TEXT    NOT NULL,
    imported_at TEXT    NOT NULL
);

-- 催报: each time the clerk chased a unit for a period's report.
CREATE TABLE chase_log (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    period    TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    chased_at TEXT    NOT NULL,
    message   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX chase_log_period ON chase_log(plan_id, period, unit_id);

-- Since when a unit reports for a plan. `first_seen` is the day the unit first got a task in the
-- plan (NULL for units assigned before this migration); `report_from` is the clerk's override,
-- the first period the unit must report.
CREATE TABLE plan_unit (
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    first_seen  TEXT,
    report_from TEXT CHECK (report_from IS NULL OR report_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    PRIMARY KEY (plan_id, unit_id)
) WITHOUT ROWID;

INSERT INTO plan_unit (plan_id, unit_id)
    SELECT DISTINCT t.plan_id, a.unit_id FROM assignment a JOIN task t ON t.id = a.task_id;

-- Task edits rewrite their assignments; OR IGNORE keeps the first day a unit was seen.
CREATE TRIGGER plan_unit_first_seen AFTER INSERT ON assignment
BEGIN
    INSERT OR IGNORE INTO plan_unit (plan_id, unit_id, first_seen)
        SELECT t.plan_id, NEW.unit_id, date('now', 'localtime') FROM task t WHERE t.id = NEW.task_id;
END;
