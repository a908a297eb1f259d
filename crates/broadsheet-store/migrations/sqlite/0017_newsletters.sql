-- Newsletters (SQLite dialect): readers' subscriptions to a daily or weekly digest of
-- one section (section_id 0: every section) in one language, confirmed by a mailed
-- one-time link (stored hashed); each send (a digest period or a breaking story, once
-- by dedupe_key) with its bodies, and one delivery row per recipient, claimed by one
-- node at a time and retried with a growing wait.
CREATE TABLE newsletter_subscriptions (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    email               TEXT NOT NULL,
    user_id             BIGINT REFERENCES users(id) ON DELETE CASCADE,
    frequency           TEXT NOT NULL,
    section_id          BIGINT NOT NULL DEFAULT 0,
    language            TEXT NOT NULL,
    confirm_hash        TEXT,
    confirm_expires_at  BIGINT,
    confirmed_at        BIGINT,
    unsubscribe_token   TEXT NOT NULL,
    unsubscribed_at     BIGINT,
    created_at          BIGINT NOT NULL
);
CREATE UNIQUE INDEX newsletter_subscriptions_list
    ON newsletter_subscriptions (email, frequency, section_id, language);
CREATE UNIQUE INDEX newsletter_subscriptions_unsubscribe
    ON newsletter_subscriptions (unsubscribe_token);
CREATE INDEX newsletter_subscriptions_confirm ON newsletter_subscriptions (confirm_hash);

CREATE TABLE newsletter_sends (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    dedupe_key   TEXT NOT NULL,
    frequency    TEXT NOT NULL DEFAULT '',
    section_id   BIGINT NOT NULL DEFAULT 0,
    language     TEXT NOT NULL,
    article_id   BIGINT REFERENCES articles(id) ON DELETE SET NULL,
    subject      TEXT NOT NULL,
    body_text    TEXT NOT NULL,
    body_html    TEXT NOT NULL,
    created_by   BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    recipients   BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX newsletter_sends_dedupe ON newsletter_sends (dedupe_key);

CREATE TABLE newsletter_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    send_id          BIGINT NOT NULL REFERENCES newsletter_sends(id) ON DELETE CASCADE,
    subscription_id  BIGINT NOT NULL REFERENCES newsletter_subscriptions(id) ON DELETE CASCADE,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT,
    claimed_until    BIGINT,
    sent_at          BIGINT,
    skipped_at       BIGINT,
    last_error       TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX newsletter_deliveries_once ON newsletter_deliveries (send_id, subscription_id);
CREATE INDEX newsletter_deliveries_due ON newsletter_deliveries (next_attempt_at);
