-- Old addresses of imported pages (postgres dialect): a WordPress page's "?page_id=N" and its
-- permalink name the page by id, like articles, so the 301 follows a later slug change and
-- stops while the page is unpublished. Deleting the page drops its old addresses.
ALTER TABLE old_paths ADD COLUMN page_id BIGINT REFERENCES pages(id) ON DELETE CASCADE;
CREATE INDEX old_paths_page ON old_paths (page_id);
