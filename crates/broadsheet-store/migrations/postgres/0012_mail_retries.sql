-- Mail retries (PostgreSQL dialect): a failed SMTP delivery is tried again later by
-- whichever node claims it first (claimed_until), with a growing wait between attempts.
ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
CREATE INDEX outbox_due ON outbox (next_attempt_at);
