-- 0015: the clerk's table of status words outside the four (已完成 / 推进中 / 未启动 / 长期坚持):
-- what a department's 基本完成 or 未完成 is recorded as. The import shows every row whose word was
-- read through this table, guessed or not understood; 设置 (and `ledger words`) edit it.
CREATE TABLE status_word (
    word   TEXT PRIMARY KEY CHECK (length(trim(word)) > 0),
    status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'ongoing'))
);
INSERT INTO status_word (word, status) VALUES
    ('基本完成', 'in_progress'),
    ('未完成', 'in_progress'),
    ('正在推进', 'in_progress'),
    ('已启动', 'in_progress'),
    ('持续推进', 'ongoing'),
    ('常态化推进', 'ongoing'),
    ('完成', 'done'),
    ('已办结', 'done');
