-- 0018: 佐证材料 (see src/evidence.rs). One row per file attached to a task for a unit and a
-- reporting period; the file itself lies in evidence/<sha256> beside the database, stored once
-- however often it is attached. A removed attachment keeps its row (deleted_at) for the 回收站.
CREATE TABLE evidence (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id   INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    period    TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    file_name TEXT    NOT NULL,
    hash      TEXT    NOT NULL CHECK (length(hash) = 64),
    size      INTEGER NOT NULL CHECK (size >= 0),
    added_on  TEXT    NOT NULL,
    deleted_at TEXT
);
CREATE INDEX evidence_task ON evidence(task_id, period, unit_id);
