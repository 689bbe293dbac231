-- Relation kinds are named by the extraction model (detente.model.event.RelationKind), not by the schema: the CHECK
-- on stated_relations.kind goes, so a new kind ("mediates") needs no migration. As in 0005_reader_formats.sql,
-- SQLite's stored CREATE statement loses the clause (rebuilding the table would cascade-delete rows).
-- only: sqlite
PRAGMA writable_schema = ON;
-- only: sqlite
UPDATE sqlite_master SET sql = replace(sql, ' CHECK (kind IN (''backs'', ''ally'', ''enemy''))', '')
WHERE type = 'table' AND name = 'stated_relations';
-- only: sqlite
PRAGMA writable_schema = RESET;
-- only: postgresql
ALTER TABLE stated_relations DROP CONSTRAINT IF EXISTS stated_relations_kind_check
