-- 0006: returned ledgers imported in batches. Each file of a batch is one submission; every row
-- read from it is kept, matched to a task or not, so that no department's report is lost. Undo
-- deletes the batch's submissions (their progress and rows go with them) after handing what
-- they replaced back to what replaced them, so that the state before the batch returns.
CREATE TABLE ledger_import (
    id          INTEGER PRIMARY KEY,
    imported_at TEXT    NOT NULL,
    file_count  INTEGER NOT NULL,
    row_count   INTEGER NOT NULL
);

CREATE TABLE ledger_import_file (
    id                  INTEGER PRIMARY KEY,
    batch_id            INTEGER NOT NULL REFERENCES ledger_import(id) ON DELETE CASCADE,
    seq                 INTEGER NOT NULL,
    file_name           TEXT    NOT NULL,
    file_path           TEXT    NOT NULL DEFAULT '',
    -- SHA-256 of the content: the same file twice is imported once.
    file_hash           TEXT    NOT NULL,
    file_size           INTEGER NOT NULL,
    plan_id             INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    unit_id             INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    period              TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    submission_id       INTEGER NOT NULL UNIQUE REFERENCES submission(id) ON DELETE CASCADE,
    -- The submission current before this one, kept in history (replaced_by points here).
    replaced_submission INTEGER REFERENCES submission(id) ON DELETE SET NULL,
    sheet               TEXT    NOT NULL DEFAULT '',
    header_row          INTEGER NOT NULL DEFAULT 0,
    row_count           INTEGER NOT NULL,
    entries             INTEGER NOT NULL,
    matched             INTEGER NOT NULL,
    new_rows            INTEGER NOT NULL,
    unchanged_rows      INTEGER NOT NULL,
    empty_rows          INTEGER NOT NULL,
    unmatched_rows      INTEGER NOT NULL
);
CREATE INDEX ledger_import_file_batch ON ledger_import_file(batch_id, seq);
CREATE INDEX ledger_import_file_hash ON ledger_import_file(file_hash);

-- Every data row of an imported file as read, with its task (NULL: matched none).
CREATE TABLE ledger_import_row (
    file_id      INTEGER NOT NULL REFERENCES ledger_import_file(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    sheet        TEXT    NOT NULL,
    row          INTEGER NOT NULL,
    code         TEXT    NOT NULL DEFAULT '',
    title        TEXT    NOT NULL DEFAULT '',
    task_id      INTEGER REFERENCES task(id) ON DELETE SET NULL,
    matched_by   TEXT    NOT NULL CHECK (matched_by IN ('key', 'code', 'title', 'chosen', 'none')),
    progress     TEXT    NOT NULL DEFAULT '',
    status       TEXT CHECK (status IN ('not_started', 'in_progress', 'done', 'ongoing')),
    dept_section TEXT    NOT NULL DEFAULT '',
    person       TEXT    NOT NULL DEFAULT '',
    remark       TEXT    NOT NULL DEFAULT '',
    -- Other columns as a JSON list of [header, text].
    extra        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (file_id, seq)
) WITHOUT ROWID;
CREATE INDEX ledger_import_row_task ON ledger_import_row(task_id);
