-- 0023: the prints of each submission's entries (see src/progress/print.rs): per entry with
-- text, its task, its id, and a count and hash of its characters once numbers, dates and
-- punctuation are set aside, packed in one blob per submission. 照抄 detection reads a unit's
-- earlier months from here and reads a text only when it may match. Submissions recorded
-- before have none and are read as texts until the next ledger import writes them.
CREATE TABLE submission_print (
    submission_id INTEGER PRIMARY KEY REFERENCES submission(id) ON DELETE CASCADE,
    prints        BLOB NOT NULL
);
-- A unit's submissions of a plan over a span of months, in one seek.
CREATE INDEX submission_unit_period ON submission(plan_id, unit_id, period);
-- A database that already holds reports gets their prints at its next ledger import
-- (progress::print::fill_missing); until then they are read as texts.
INSERT INTO setting (key, value)
    SELECT 'progress.prints_missing', '1' WHERE EXISTS (SELECT 1 FROM submission);
