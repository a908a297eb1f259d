-- Reader site: full-text search over published articles (FTS5), kept in step with
-- `articles` by triggers so every writer, whoever wrote it, updates the index in its own
-- transaction. Turkish ı and İ are folded to i here and in the app's queries; the
-- unicode61 tokenizer folds case and diacritics, porter stems English.
CREATE VIRTUAL TABLE article_search USING fts5(
    headline, standfirst, body,
    content = '',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO article_search (rowid, headline, standfirst, body)
SELECT id,
       replace(replace(headline, 'ı', 'i'), 'İ', 'i'),
       replace(replace(standfirst, 'ı', 'i'), 'İ', 'i'),
       replace(replace(body_md, 'ı', 'i'), 'İ', 'i')
FROM articles WHERE status = 'published';

CREATE TRIGGER article_search_insert AFTER INSERT ON articles
WHEN new.status = 'published' BEGIN
    INSERT INTO article_search (rowid, headline, standfirst, body) VALUES (
        new.id,
        replace(replace(new.headline, 'ı', 'i'), 'İ', 'i'),
        replace(replace(new.standfirst, 'ı', 'i'), 'İ', 'i'),
        replace(replace(new.body_md, 'ı', 'i'), 'İ', 'i'));
END;

-- One trigger for both halves of an update, so the old row leaves before the new enters.
CREATE TRIGGER article_search_update AFTER UPDATE OF status, headline, standfirst, body_md ON articles
BEGIN
    INSERT INTO article_search (article_search, rowid, headline, standfirst, body)
    SELECT 'delete', old.id,
        replace(replace(old.headline, 'ı', 'i'), 'İ', 'i'),
        replace(replace(old.standfirst, 'ı', 'i'), 'İ', 'i'),
        replace(replace(old.body_md, 'ı', 'i'), 'İ', 'i')
    WHERE old.status = 'published';
    INSERT INTO article_search (rowid, headline, standfirst, body)
    SELECT new.id,
        replace(replace(new.headline, 'ı', 'i'), 'İ', 'i'),
        replace(replace(new.standfirst, 'ı', 'i'), 'İ', 'i'),
        replace(replace(new.body_md, 'ı', 'i'), 'İ', 'i')
    WHERE new.status = 'published';
END;

CREATE TRIGGER article_search_delete AFTER DELETE ON articles
WHEN old.status = 'published' BEGIN
    INSERT INTO article_search (article_search, rowid, headline, standfirst, body) VALUES (
        'delete', old.id,
        replace(replace(old.headline, 'ı', 'i'), 'İ', 'i'),
        replace(replace(old.standfirst, 'ı', 'i'), 'İ', 'i'),
        replace(replace(old.body_md, 'ı', 'i'), 'İ', 'i'));
END;

-- Tag and author pages list newest first within one tag or author.
CREATE INDEX article_tags_tag_article ON article_tags(tag_id, article_id);
