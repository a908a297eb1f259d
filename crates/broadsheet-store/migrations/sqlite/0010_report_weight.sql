-- Reports weighted by who made them (SQLite dialect): a trusted reader's report counts
-- more than a new account's, and a comment is hidden on the weight, not the count.
ALTER TABLE comments ADD COLUMN report_weight BIGINT NOT NULL DEFAULT 0;
ALTER TABLE comment_reports ADD COLUMN weight BIGINT NOT NULL DEFAULT 2;
UPDATE comments SET report_weight = 2 * report_count;
