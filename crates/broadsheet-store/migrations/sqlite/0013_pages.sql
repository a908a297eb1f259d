-- Standalone pages and the site's menus (SQLite dialect): a page keeps one revision per
-- save like an article; a menu is an ordered list of items pointing at a section, a page
-- or a link, labelled in English and Turkish.
CREATE TABLE pages (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    slug          TEXT NOT NULL,
    title         TEXT NOT NULL,
    body_md       TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    language      TEXT NOT NULL,
    published     BOOLEAN NOT NULL DEFAULT FALSE,
    version       BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX pages_slug ON pages (slug);

CREATE TABLE page_revisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    page_id     BIGINT NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    editor_id   BIGINT REFERENCES users(id) ON DELETE SET NULL,
    title       TEXT NOT NULL,
    body_md     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    UNIQUE (page_id, version)
);

CREATE TABLE menu_items (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    menu        TEXT NOT NULL,
    ordinal     BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    section_id  BIGINT REFERENCES sections(id) ON DELETE CASCADE,
    page_id     BIGINT REFERENCES pages(id) ON DELETE CASCADE,
    url         TEXT NOT NULL DEFAULT '',
    label_en    TEXT NOT NULL DEFAULT '',
    label_tr    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX menu_items_menu ON menu_items (menu, ordinal);
