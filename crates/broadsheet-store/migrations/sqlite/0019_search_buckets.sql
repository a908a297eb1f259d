-- Search ranks only a query's newest matches (decision 0042). Nothing to change here:
-- FTS5 already walks its doclists newest (highest rowid) first. PostgreSQL's GIN index
-- gains id buckets in this step.
SELECT 1;
