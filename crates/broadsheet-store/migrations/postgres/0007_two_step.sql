-- Two-step sign-in: a TOTP secret per account (confirmed, or waiting for the first code)
-- and the last time step accepted, so a code works once.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
