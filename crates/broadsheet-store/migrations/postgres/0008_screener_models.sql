-- Screener models trained on the site (PostgreSQL dialect): the model file, how it scored
-- against the model it would replace, and which one is active (none: the shipped one).
CREATE TABLE screener_models (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at   BIGINT NOT NULL,
    created_by   BIGINT REFERENCES users(id) ON DELETE SET NULL,
    trained_on   BIGINT NOT NULL,
    metrics      TEXT NOT NULL DEFAULT '{}',
    model        BYTEA NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT FALSE,
    activated_at BIGINT
);
CREATE INDEX moderation_log_decisions ON moderation_log(action, created_at);
