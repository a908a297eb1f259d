-- Reader accounts, mail outbox and comments (SQLite dialect).
-- Sign-up accounts must verify their email before they comment; accounts made by an
-- administrator or the CLI are vouched for and start verified.
ALTER TABLE users ADD COLUMN unverified BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN notify_replies BOOLEAN NOT NULL DEFAULT TRUE;

-- Visible comments per article, kept in step by every comment write.
ALTER TABLE articles ADD COLUMN comment_count BIGINT NOT NULL DEFAULT 0;

-- One-time links sent by email: verification, password reset, unsubscribe.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose);

-- Every message the site sends; without SMTP this table is where mail is read.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    transport  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT,
    error      TEXT
);
CREATE INDEX outbox_recent ON outbox(id DESC);

CREATE TABLE comments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id      BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    parent_id       BIGINT REFERENCES comments(id),
    root_id         BIGINT,
    nest_parent_id  BIGINT,
    depth           BIGINT NOT NULL DEFAULT 0,
    author_id       BIGINT REFERENCES users(id) ON DELETE SET NULL,
    author_deleted  BOOLEAN NOT NULL DEFAULT FALSE,
    guest_name      TEXT NOT NULL DEFAULT '',
    guest_email     TEXT NOT NULL DEFAULT '',
    body_md         TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    status          TEXT NOT NULL,
    reasons         TEXT NOT NULL DEFAULT '[]',
    like_count      BIGINT NOT NULL DEFAULT 0,
    report_count    BIGINT NOT NULL DEFAULT 0,
    reply_count     BIGINT NOT NULL DEFAULT 0,
    featured        BOOLEAN NOT NULL DEFAULT FALSE,
    nonce           TEXT,
    created_at      BIGINT NOT NULL,
    edited_at       BIGINT,
    UNIQUE (author_id, nonce)
);
-- Keyset pages of top-level comments (newest/oldest and most liked), whole threads,
-- a reader's history, and the moderation queues by status.
CREATE INDEX comments_top ON comments(article_id, depth, id);
CREATE INDEX comments_top_liked ON comments(article_id, depth, like_count, id);
CREATE INDEX comments_thread ON comments(root_id, id);
CREATE INDEX comments_author ON comments(author_id, id);
CREATE INDEX comments_status ON comments(status, id);
CREATE INDEX comments_featured ON comments(article_id, featured);

CREATE TABLE comment_reactions (
    comment_id BIGINT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id, kind)
);
CREATE INDEX comment_reactions_user ON comment_reactions(user_id);

CREATE TABLE comment_reports (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    comment_id BIGINT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (comment_id, user_id)
);
CREATE INDEX comment_reports_user ON comment_reports(user_id);
