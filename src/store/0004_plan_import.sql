-- 0004: plan documents imported into plans, and what each import added, so that undo is exact.
CREATE TABLE plan_import (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL UNIQUE REFERENCES plan(id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL DEFAULT '',
    imported_at TEXT    NOT NULL
);

-- Units and leadership-group members that did not exist before the import and were added by it.
CREATE TABLE plan_import_created (
    import_id INTEGER NOT NULL REFERENCES plan_import(id) ON DELETE CASCADE,
    entity    TEXT    NOT NULL CHECK (entity IN ('unit', 'group_member')),
    entity_id INTEGER NOT NULL,
    PRIMARY KEY (import_id, entity, entity_id)
) WITHOUT ROWID;
