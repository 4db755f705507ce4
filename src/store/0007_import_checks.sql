-- 0007: the CHECKs of the two tables every imported ledger row is written to, spelled as ORs.
-- SQLite builds a temporary b-tree for a CHECK's `IN (…)` list at every insert, which made an
-- import's writes about three times slower. The tables are rebuilt the documented way (create,
-- copy, drop, rename); their rows, columns and indexes are unchanged, and so is what the
-- constraints accept (NULL included).
CREATE TABLE progress_new (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    period        TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    text          TEXT    NOT NULL DEFAULT '',
    status        TEXT CHECK (status = 'not_started' OR status = 'in_progress' OR status = 'done'
                              OR status = 'ongoing'),
    source        TEXT    NOT NULL DEFAULT 'manual',
    submission_id INTEGER REFERENCES submission(id) ON DELETE CASCADE,
    created_at    TEXT    NOT NULL
);
INSERT INTO progress_new (id, task_id, unit_id, period, text, status, source, submission_id,
                          created_at)
    SELECT id, task_id, unit_id, period, text, status, source, submission_id, created_at
    FROM progress;
DROP TABLE progress;
ALTER TABLE progress_new RENAME TO progress;
CREATE INDEX progress_unit_period ON progress(unit_id, period);
CREATE INDEX progress_task_period ON progress(task_id, period);
CREATE INDEX progress_submission ON progress(submission_id);

CREATE TABLE ledger_import_row_new (
    file_id      INTEGER NOT NULL REFERENCES ledger_import_file(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    sheet        TEXT    NOT NULL,
    row          INTEGER NOT NULL,
    code         TEXT    NOT NULL DEFAULT '',
    title        TEXT    NOT NULL DEFAULT '',
    task_id      INTEGER REFERENCES task(id) ON DELETE SET NULL,
    matched_by   TEXT    NOT NULL CHECK (matched_by = 'key' OR matched_by = 'code'
                                         OR matched_by = 'title' OR matched_by = 'chosen'
                                         OR matched_by = 'none'),
    progress     TEXT    NOT NULL DEFAULT '',
    status       TEXT CHECK (status = 'not_started' OR status = 'in_progress' OR status = 'done'
                             OR status = 'ongoing'),
    dept_section TEXT    NOT NULL DEFAULT '',
    person       TEXT    NOT NULL DEFAULT '',
    remark       TEXT    NOT NULL DEFAULT '',
    -- Other columns as a JSON list of [header, text].
    extra        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (file_id, seq)
) WITHOUT ROWID;
INSERT INTO ledger_import_row_new
    SELECT file_id, seq, sheet, row, code, title, task_id, matched_by, progress, status,
           dept_section, person, remark, extra
    FROM ledger_import_row;
DROP TABLE ledger_import_row;
ALTER TABLE ledger_import_row_new RENAME TO ledger_import_row;
CREATE INDEX ledger_import_row_task ON ledger_import_row(task_id);
