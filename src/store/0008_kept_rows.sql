-- 0008: every row read from an imported file is kept with the file as one JSON list
-- (ledger_import_file.read_rows) instead of one table row each. The rows are an archive, read
-- as a whole or not at all; a table row each, with its key, task index and foreign keys, made
-- up a third of an import's writes. Each element: sheet, row, code, title, task_id (the task
-- it was matched to then), matched_by, progress, status, dept_section, person, remark, and
-- extra (the other columns as [header, text] pairs); the program leaves empty texts and lists
-- out. Existing rows move over, in order.
ALTER TABLE ledger_import_file ADD COLUMN read_rows TEXT NOT NULL DEFAULT '[]';
UPDATE ledger_import_file SET read_rows = ifnull((
    SELECT json_group_array(json_object(
        'sheet', r.sheet, 'row', r.row, 'code', r.code, 'title', r.title,
        'task_id', r.task_id, 'matched_by', r.matched_by, 'progress', r.progress,
        'status', r.status, 'dept_section', r.dept_section, 'person', r.person,
        'remark', r.remark,
        'extra', CASE WHEN json_valid(r.extra) THEN json(r.extra) ELSE json('[]') END))
    FROM (SELECT * FROM ledger_import_row WHERE file_id = ledger_import_file.id ORDER BY seq) r
), '[]');
DROP TABLE ledger_import_row;
