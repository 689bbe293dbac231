-- Input formats are named by the reader registry (detente.ingest.readers), not by the schema: the CHECK on
-- documents.format goes, so a new reader needs no migration. SQLite cannot drop a constraint, and rebuilding the
-- table would cascade-delete every row that references a document (foreign keys are on), so its stored CREATE
-- statement loses the clause instead (the documented writable_schema route; the table's bytes are unchanged).
-- only: sqlite
PRAGMA writable_schema = ON;
-- only: sqlite
UPDATE sqlite_master SET sql = replace(sql, ' CHECK (format IN (''text'', ''html'', ''jsonl''))', '')
WHERE type = 'table' AND name = 'documents';
-- only: sqlite
PRAGMA writable_schema = RESET;
-- only: postgresql
ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_format_check
