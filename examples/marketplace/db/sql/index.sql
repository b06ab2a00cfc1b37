-- The `index` job: builds the search index from the catalogue, as a new table that replaces
-- the old one in one transaction (an Elasticsearch reindex behind an alias, in PostgreSQL):
-- searches keep answering from the old index until the new one is complete.
-- Run as: psql -d marketplace -f index.sql (as postgres; the objects belong to marketplace).
\set ON_ERROR_STOP on
\timing on
SET ROLE marketplace;

BEGIN;
DROP TABLE IF EXISTS search_index_new;
-- Created in this transaction: with wal_level=minimal its rows and index write no WAL.
CREATE TABLE search_index_new AS
SELECT id AS service_id,
       setweight(to_tsvector('english', title), 'A')
    || setweight(to_tsvector('english', summary), 'B')
    || setweight(to_tsvector('english', description), 'C') AS document
FROM services;
ALTER TABLE search_index_new ADD PRIMARY KEY (service_id);
CREATE INDEX search_index_new_document ON search_index_new USING gin (document) WITH (fastupdate = off);
DROP TABLE IF EXISTS search_index;
ALTER TABLE search_index_new RENAME TO search_index;
ALTER INDEX search_index_new_pkey RENAME TO search_index_pkey;
ALTER INDEX search_index_new_document RENAME TO search_index_document;
COMMIT;

ANALYZE search_index;
SELECT count(*) AS documents, pg_size_pretty(pg_total_relation_size('search_index')) AS index_size FROM search_index;
