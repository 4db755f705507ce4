-- 0017: a unit has one role on a task, and group phrases (县直各有关部门, 各乡镇 …) are task text,
-- never units.
--
-- A unit listed twice on a task (牵头 and 责任, after the clerk picked a lead from a 责任单位
-- list) keeps its strongest role: 牵头, then 配合, then 责任.
DELETE FROM assignment
 WHERE role <> 'lead'
   AND EXISTS (SELECT 1 FROM assignment b
                WHERE b.task_id = assignment.task_id AND b.unit_id = assignment.unit_id
                  AND (b.role = 'lead' OR (b.role = 'co' AND assignment.role = 'responsible')));
CREATE UNIQUE INDEX assignment_one_role ON assignment(task_id, unit_id);

-- The group phrases of a task, as written, in the same order (`seq`) as its units.
CREATE TABLE task_group_phrase (
    task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    phrase  TEXT    NOT NULL CHECK (length(trim(phrase)) > 0),
    role    TEXT    NOT NULL CHECK (role IN ('lead', 'co', 'responsible')),
    seq     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, phrase)
) WITHOUT ROWID;

-- Units of kind 统称 that never reported become their tasks' text again; one that has reports
-- is kept (`taizhang unit repair-groups` names it). Foreign keys are off while migrating, so the
-- rows that name the unit are removed here.
CREATE TEMP TABLE group_unit_0017 AS
    SELECT u.id FROM unit u
     WHERE u.kind = 'group'
       AND NOT EXISTS (SELECT 1 FROM submission s WHERE s.unit_id = u.id)
       AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.unit_id = u.id);
INSERT OR IGNORE INTO task_group_phrase (task_id, phrase, role, seq)
    SELECT a.task_id, u.name, a.role, a.seq
      FROM assignment a JOIN unit u ON u.id = a.unit_id
     WHERE a.unit_id IN (SELECT id FROM group_unit_0017);
DELETE FROM assignment WHERE unit_id IN (SELECT id FROM group_unit_0017);
DELETE FROM unit_alias WHERE unit_id IN (SELECT id FROM group_unit_0017);
DELETE FROM plan_unit WHERE unit_id IN (SELECT id FROM group_unit_0017);
DELETE FROM chase_log WHERE unit_id IN (SELECT id FROM group_unit_0017);
DELETE FROM unit WHERE id IN (SELECT id FROM group_unit_0017);
DROP TABLE group_unit_0017;
