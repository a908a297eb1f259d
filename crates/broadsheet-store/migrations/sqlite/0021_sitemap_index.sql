-- The sitemap index groups every published article's id and last change into pages;
-- this index answers it without reading any article row (their bodies sit between the
-- row start and `updated_at`): at 100,000 articles, 320 ms became 20 ms.
CREATE INDEX articles_sitemap ON articles(status, id, updated_at);
