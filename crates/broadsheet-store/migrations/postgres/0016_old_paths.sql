-- Old addresses from another platform (postgres dialect): a path of the site a newsroom moved
-- from (a WordPress permalink, "/?p=101", a category archive, an uploaded file) and where
-- it lives now. An article is named by id, so the answer follows later slug changes; any
-- other page by its local path. Read by the reader's not-found path to answer 301.
CREATE TABLE old_paths (
    path       TEXT NOT NULL PRIMARY KEY,
    article_id BIGINT REFERENCES articles(id) ON DELETE CASCADE,
    target     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX old_paths_article ON old_paths (article_id);
