-- 0025: the day a unit first gets a task in a plan (plan_unit.first_seen, see 0003) is read from
-- the clock the program opened the database with (`taizhang_now()`, registered by store::Db),
-- like every other time stamp, instead of SQLite's own clock. A connection without that function
-- (the plain one a restore checks a backup on, the sqlite3 tool) cannot add assignments: a later
-- migration that copies assignment rows drops this trigger first and creates it again after.
DROP TRIGGER plan_unit_first_seen;
CREATE TRIGGER plan_unit_first_seen AFTER INSERT ON assignment
BEGIN
    INSERT OR IGNORE INTO plan_unit (plan_id, unit_id, first_seen)
        SELECT t.plan_id, NEW.unit_id, date(taizhang_now()) FROM task t WHERE t.id = NEW.task_id;
END;
