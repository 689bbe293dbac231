-- Distributed extraction writes each batch of documents as one Parquet partition; the row says which holds a
-- document's results, so a partition left behind by a killed run (referenced by no row) can be removed.
ALTER TABLE extractions ADD COLUMN part TEXT;
CREATE INDEX extractions_part ON extractions(part)
