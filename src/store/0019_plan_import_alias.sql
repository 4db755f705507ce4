-- 0019: a name the clerk mapped to a directory unit in the plan-import preview becomes that
-- unit's alias; the import records it so that undoing the import removes exactly that alias.
CREATE TABLE plan_import_alias (
    import_id INTEGER NOT NULL REFERENCES plan_import(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL,
    alias     TEXT    NOT NULL,
    PRIMARY KEY (import_id, alias)
) WITHOUT ROWID;
