-- 0016: 照抄 markers (see src/copied.rs). A progress entry whose text repeats the unit's own
-- earlier report (copied_unit_id NULL) or another unit's report for the same period carries the
-- period it was copied from and the similarity, decided when the report was imported.
ALTER TABLE progress ADD COLUMN copied_from TEXT
    CHECK (copied_from IS NULL OR copied_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]');
ALTER TABLE progress ADD COLUMN copied_similarity REAL
    CHECK (copied_similarity IS NULL OR (copied_similarity >= 0 AND copied_similarity <= 1));
ALTER TABLE progress ADD COLUMN copied_unit_id INTEGER REFERENCES unit(id) ON DELETE SET NULL;
