-- 0022: one change log for every import that can be undone. A plan created from a file
-- (plan_import) listed the units and group members it added in plan_import_created; an Excel
-- import into existing data (import_batch) listed every row it added or changed, with the row as
-- it was, in import_change. Both become rows of change_log, belonging to the one or the other;
-- the rows already there are copied, so an import made before the upgrade can still be undone.
CREATE TABLE change_log (
    id             INTEGER PRIMARY KEY,
    plan_import_id INTEGER REFERENCES plan_import(id) ON DELETE CASCADE,
    batch_id       INTEGER REFERENCES import_batch(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    entity         TEXT    NOT NULL CHECK (entity IN ('unit', 'section', 'task', 'group_member')),
    entity_id      INTEGER NOT NULL,
    action         TEXT    NOT NULL CHECK (action IN ('insert', 'update')),
    -- The row before an update, as JSON (the owner module's snapshot).
    before         TEXT,
    CHECK ((plan_import_id IS NULL) <> (batch_id IS NULL))
);
CREATE INDEX change_log_batch ON change_log(batch_id, seq);
CREATE INDEX change_log_plan_import ON change_log(plan_import_id, entity);

INSERT INTO change_log (batch_id, seq, entity, entity_id, action, before)
SELECT batch_id, seq, entity, entity_id, action, before FROM import_change ORDER BY batch_id, seq;

INSERT INTO change_log (plan_import_id, seq, entity, entity_id, action)
SELECT import_id,
       row_number() OVER (PARTITION BY import_id ORDER BY entity, entity_id),
       entity, entity_id, 'insert'
FROM plan_import_created ORDER BY import_id, entity, entity_id;

DROP TABLE import_change;
DROP TABLE plan_import_created;
