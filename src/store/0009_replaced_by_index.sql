-- 0009: submissions are found by the one that replaced them: undoing an import hands a removed
-- submission's predecessors on (WHERE replaced_by = ?), and deleting a submission clears the
-- references to it (replaced_by's ON DELETE SET NULL). Without an index each of these read the
-- whole table, once per submission of the batch.
CREATE INDEX submission_replaced_by ON submission(replaced_by) WHERE replaced_by IS NOT NULL;
