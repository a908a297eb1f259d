-- Search ranks only a query's newest matches (decision 0042). A GIN index cannot list
-- its matches newest first, so its key also holds each article's id bucket, `#<id/1000>`
-- (no reader word can spell it: queries are cut into letters and digits): asking for
-- the words and a few recent buckets visits those matches only, not every match.
DROP INDEX articles_search;
CREATE INDEX articles_search ON articles USING GIN (
    (search_vector || array_to_tsvector(ARRAY['#' || (id / 1000)::text]))
) WHERE status = 'published';
