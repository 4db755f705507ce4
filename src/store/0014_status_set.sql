-- 0014: when the clerk last set a task's status by hand. A status set by hand stands until a
-- newer report on the task arrives (see src/status.rs): `status_set_at` is when it was set and
-- `status_set_after` the highest submission id at that moment (two events in the same second are
-- ordered by it). NULL: never set by hand; the task's status follows the reports.
--
-- A task whose stored status is not 未启动 was set by someone, when last edited as far as anyone
-- knows: after the reports imported by then.
ALTER TABLE task ADD COLUMN status_set_at TEXT;
ALTER TABLE task ADD COLUMN status_set_after INTEGER;
UPDATE task
   SET status_set_at = updated_at,
       status_set_after = (SELECT ifnull(max(s.id), 0) FROM submission s
                           WHERE s.received_at <= task.updated_at)
 WHERE status <> 'not_started';
