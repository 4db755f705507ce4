-- 0002: the tables the ledgers fill: submissions, progress entries; audit log and settings.
-- One row per (task, unit, period) report; older versions stay with superseded_by set.
CREATE TABLE progress (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    period        TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    text          TEXT    NOT NULL DEFAULT '',
    status        TEXT CHECK (status IN ('not_started', 'in_progress', 'done', 'ongoing')),
    source        TEXT    NOT NULL DEFAULT 'manual',
    submission_id INTEGER REFERENCES submission(id) ON DELETE CASCADE,
    created_at    TEXT    NOT NULL
);
CREATE INDEX progress_unit_period ON progress(unit_id, period);
CREATE INDEX progress_task_period ON progress(task_id, period);
CREATE INDEX progress_submission ON progress(submission_id);

-- A department's report for a period: one file received at one time.
CREATE TABLE submission (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    period      TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    file_name   TEXT    NOT NULL DEFAULT '',
    file_hash   TEXT    NOT NULL DEFAULT '',
    received_at TEXT    NOT NULL,
    replaced_by INTEGER REFERENCES submission(id) ON DELETE SET NULL
);
CREATE INDEX submission_period ON submission(plan_id, period, unit_id);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id INTEGER,
    action    TEXT    NOT NULL,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
