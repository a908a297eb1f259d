-- The moderation desk (PostgreSQL dialect): commenters' standing and one audit log of every
-- decision, automatic or human.
ALTER TABLE users ADD COLUMN banned BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN suspended_until BIGINT;
ALTER TABLE users ADD COLUMN trusted BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE moderation_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    comment_id  BIGINT REFERENCES comments(id) ON DELETE SET NULL,
    subject_id  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    actor_id    BIGINT REFERENCES users(id) ON DELETE SET NULL,
    action      TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX moderation_log_comment ON moderation_log(comment_id);
CREATE INDEX moderation_log_subject ON moderation_log(subject_id);
