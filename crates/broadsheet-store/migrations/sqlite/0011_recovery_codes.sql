-- Two-step recovery codes: ten single-use codes per account, stored as SHA-256 hashes,
-- usable instead of an authenticator code when the phone is lost.
CREATE TABLE two_step_recovery_codes (
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
