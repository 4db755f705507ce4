-- 0012: the 工作台 board's main card stays on the latest reporting period past its due date that
-- still has missing or late units, until the clerk moves on (转到下一期); this is the last period
-- the clerk moved on from, per plan.
--
-- The reporting window needs no new column: plan.report_from / report_until (0003) hold the
-- first and last period when the plan text or the clerk states them, and NULL means "from the
-- plan's start to its end", which is how every existing plan has been read so far.
CREATE TABLE board_moved_on (
    plan_id  INTEGER PRIMARY KEY REFERENCES plan(id) ON DELETE CASCADE,
    period   TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    moved_at TEXT    NOT NULL
);
