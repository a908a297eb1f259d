-- Search ranks a query's newest 500 matches (decision 0042). Ranking on the whole
-- `search_vector` read each match's body vector out of TOAST storage and decompressed it
-- (5-10 ms a query at 100,000 articles, most of a search). The order readers see is
-- headline above standfirst above body: this small vector of the first two (stored in
-- the row itself) ranks them, and body-only matches follow, newest first.
ALTER TABLE articles ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(CASE WHEN language = 'tr' THEN 'turkish'::regconfig ELSE 'english'::regconfig END,
                          translate(headline, 'İIı', 'iii')), 'A')
    || setweight(to_tsvector(CASE WHEN language = 'tr' THEN 'turkish'::regconfig ELSE 'english'::regconfig END,
                             translate(standfirst, 'İIı', 'iii')), 'B')
) STORED;
