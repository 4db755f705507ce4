-- 0013: a leadership-group member's note — the annotation a roster wrote beside the name
-- (陈立新（兼）, 刘海燕*, 王强（挂职）), kept when the name is read without it.
ALTER TABLE group_member ADD COLUMN note TEXT NOT NULL DEFAULT '';
