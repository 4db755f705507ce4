-- 0011: the numbers the clerk is given for undoing an import are never given again after an
-- undo, so that an old hint cannot undo a later import: a ledger import batch (import undo N),
-- a plan or roster import batch (group undo-import N) and a plan (plan undo-import N). The three
-- tables are rebuilt with AUTOINCREMENT the documented way (create, copy, drop, rename; foreign
-- keys are off during migrations, and every id is copied unchanged); their rows, columns, rules
-- and indexes are unchanged. An upgraded database goes on after the highest number it still holds
-- or its audit log names; a number used and undone before this upgrade and named nowhere (a
-- ledger import batch) cannot be known.
CREATE TABLE plan_new (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    title                TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    doc_no               TEXT    NOT NULL DEFAULT '',
    issuer               TEXT    NOT NULL DEFAULT '',
    year                 INTEGER,
    start_date           TEXT,
    end_date             TEXT,
    report_day           INTEGER CHECK (report_day BETWEEN 1 AND 31),
    report_month_end     INTEGER NOT NULL DEFAULT 0 CHECK (report_month_end IN (0, 1)),
    report_covers        TEXT    NOT NULL DEFAULT 'previous' CHECK (report_covers IN ('previous', 'current')),
    report_rule_text     TEXT    NOT NULL DEFAULT '',
    created_at           TEXT    NOT NULL,
    report_shift_workday INTEGER NOT NULL DEFAULT 1 CHECK (report_shift_workday IN (0, 1)),
    report_monthly       INTEGER NOT NULL DEFAULT 1 CHECK (report_monthly IN (0, 1)),
    report_quarterly     INTEGER NOT NULL DEFAULT 0 CHECK (report_quarterly IN (0, 1)),
    report_half_yearly   INTEGER NOT NULL DEFAULT 0 CHECK (report_half_yearly IN (0, 1)),
    report_from          TEXT
        CHECK (report_from IS NULL OR report_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    report_until         TEXT
        CHECK (report_until IS NULL OR report_until GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]')
);
INSERT INTO plan_new (id, title, doc_no, issuer, year, start_date, end_date, report_day,
                      report_month_end, report_covers, report_rule_text, created_at,
                      report_shift_workday, report_monthly, report_quarterly, report_half_yearly,
                      report_from, report_until)
    SELECT id, title, doc_no, issuer, year, start_date, end_date, report_day,
           report_month_end, report_covers, report_rule_text, created_at,
           report_shift_workday, report_monthly, report_quarterly, report_half_yearly,
           report_from, report_until
    FROM plan;
DROP TABLE plan;
ALTER TABLE plan_new RENAME TO plan;

CREATE TABLE import_batch_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL CHECK (kind IN ('plan', 'roster')),
    plan_id     INTEGER REFERENCES plan(id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL DEFAULT '',
    imported_at TEXT    NOT NULL
);
INSERT INTO import_batch_new (id, kind, plan_id, file_name, imported_at)
    SELECT id, kind, plan_id, file_name, imported_at FROM import_batch;
DROP TABLE import_batch;
ALTER TABLE import_batch_new RENAME TO import_batch;
CREATE INDEX import_batch_plan ON import_batch(kind, plan_id);

CREATE TABLE ledger_import_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    imported_at TEXT    NOT NULL,
    file_count  INTEGER NOT NULL,
    row_count   INTEGER NOT NULL
);
INSERT INTO ledger_import_new (id, imported_at, file_count, row_count)
    SELECT id, imported_at, file_count, row_count FROM ledger_import;
DROP TABLE ledger_import;
ALTER TABLE ledger_import_new RENAME TO ledger_import;

-- Numbers already given: the highest still held (the copies above recorded it) or named by the
-- audit log — plans by their id, roster imports by their batch, imports into a plan in `after`.
INSERT INTO sqlite_sequence (name, seq)
    SELECT t.name, 0 FROM (SELECT 'plan' AS name UNION ALL SELECT 'import_batch'
                           UNION ALL SELECT 'ledger_import') t
    WHERE t.name NOT IN (SELECT name FROM sqlite_sequence);
UPDATE sqlite_sequence SET seq = max(seq,
        ifnull((SELECT max(entity_id) FROM audit_log WHERE entity = 'plan'), 0))
    WHERE name = 'plan';
UPDATE sqlite_sequence SET seq = max(seq,
        ifnull((SELECT max(entity_id) FROM audit_log
                WHERE entity = 'group_member' AND action IN ('import_roster', 'undo_import_roster')),
               0),
        ifnull((SELECT max(CAST(json_extract(after, '$.batch') AS INTEGER)) FROM audit_log
                WHERE entity = 'plan' AND action IN ('import_into', 'undo_import_into')
                  AND json_valid(after)),
               0))
    WHERE name = 'import_batch';
