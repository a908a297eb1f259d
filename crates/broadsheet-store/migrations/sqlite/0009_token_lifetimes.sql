-- API token lifetimes (SQLite dialect): an optional expiry; NULL never expires. Revoked
-- and expired tokens are refused alike; `last_used_at` is written at most once a minute.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
