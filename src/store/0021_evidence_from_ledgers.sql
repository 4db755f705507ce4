-- 0021: 佐证材料 named in a returned ledger's 佐证材料 column are attached by its import (see
-- src/evidence/named.rs); the import's undo takes them off again with the batch.
ALTER TABLE evidence ADD COLUMN ledger_import_id INTEGER REFERENCES ledger_import(id) ON DELETE CASCADE;
CREATE INDEX evidence_ledger_import ON evidence(ledger_import_id) WHERE ledger_import_id IS NOT NULL;
