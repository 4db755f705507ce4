-- 0005: Excel attachments imported into an existing plan (a task list re-imported with --plan) or
-- into the leadership group (a 领导小组名单): every row each import added or changed, with the
-- row as it was, so that undo restores exactly what was there.
CREATE TABLE import_batch (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('plan', 'roster')),
    plan_id     INTEGER REFERENCES plan(id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL DEFAULT '',
    imported_at TEXT    NOT NULL
);
CREATE INDEX import_batch_plan ON import_batch(kind, plan_id);

CREATE TABLE import_change (
    batch_id  INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    entity    TEXT    NOT NULL CHECK (entity IN ('unit', 'section', 'task', 'group_member')),
    entity_id INTEGER NOT NULL,
    action    TEXT    NOT NULL CHECK (action IN ('insert', 'update')),
    -- The row before an update, as JSON.
    before    TEXT,
    PRIMARY KEY (batch_id, seq)
) WITHOUT ROWID;
