-- Newsroom: old slugs, corrections, the workflow log, author profiles, media, job leases.
ALTER TABLE revisions ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE TABLE article_slugs (
    section_id BIGINT NOT NULL REFERENCES sections(id),
    slug       TEXT NOT NULL,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (section_id, slug)
);

CREATE TABLE corrections (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    editor_id  BIGINT REFERENCES users(id),
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX corrections_article ON corrections(article_id, id);

CREATE TABLE article_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id  BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    actor_id    BIGINT REFERENCES users(id),
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX article_events_article ON article_events(article_id, id);
CREATE INDEX articles_due ON articles(status, publish_at);

CREATE TABLE author_profiles (
    user_id   BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    photo_url TEXT NOT NULL DEFAULT '',
    links     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE media (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    uploader_id   BIGINT REFERENCES users(id),
    original_name TEXT NOT NULL DEFAULT '',
    format        TEXT NOT NULL,
    width         BIGINT NOT NULL,
    height        BIGINT NOT NULL,
    bytes         BIGINT NOT NULL,
    variants      TEXT NOT NULL DEFAULT '',
    alt           TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL
);

CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
