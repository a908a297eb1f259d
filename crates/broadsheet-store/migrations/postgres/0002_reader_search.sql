-- Reader site: full-text search over published articles. A generated tsvector keeps
-- itself in step with every write; headline weighs A, standfirst B, body C. Each article
-- is stemmed in its own language (Turkish or English); Turkish ı and İ fold to i here
-- and in the app's queries.
ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(CASE WHEN language = 'tr' THEN 'turkish'::regconfig ELSE 'english'::regconfig END,
                          translate(headline, 'İIı', 'iii')), 'A')
    || setweight(to_tsvector(CASE WHEN language = 'tr' THEN 'turkish'::regconfig ELSE 'english'::regconfig END,
                             translate(standfirst, 'İIı', 'iii')), 'B')
    || setweight(to_tsvector(CASE WHEN language = 'tr' THEN 'turkish'::regconfig ELSE 'english'::regconfig END,
                             translate(body_md, 'İIı', 'iii')), 'C')
) STORED;

CREATE INDEX articles_search ON articles USING GIN (search_vector) WHERE status = 'published';

-- Tag and author pages list newest first within one tag or author.
CREATE INDEX article_tags_tag_article ON article_tags(tag_id, article_id);
