//! Newsletter sends: one row per digest period or breaking story (once, by its dedupe
//! key), its recipients fixed as delivery rows when it is made, each delivery handed to
//! one node at a time and retried with a growing wait; and the report of each send.

use crate::articles::SUMMARY_SELECT;
use crate::db::{in_write_tx, with_pool};
use crate::in_tx::audit;
use crate::{ArticleSummary, Store, StoreError};
use serde::Serialize;

/// A send to make: a digest of one list, or a breaking story to every list that covers
/// its section and language. Its bodies hold the unsubscribe link as a placeholder.
#[derive(Clone, Debug)]
pub struct NewSend<'a> {
    /// `digest` or `breaking`.
    pub kind: &'a str,
    /// Makes a second attempt at the same send (another node, a double click) a no-op.
    pub dedupe_key: &'a str,
    /// The digest's list (`frequency` is "" for breaking news).
    pub frequency: &'a str,
    pub section_id: i64,
    pub language: &'a str,
    pub article_id: Option<i64>,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    /// Who sent it from the newsroom (audit-logged); none for the digest job.
    pub actor: Option<i64>,
}

/// A send's stored bodies.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NewsletterSend {
    pub id: i64,
    pub kind: String,
    pub language: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

/// A claimed delivery: who gets it and how to let them leave.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueLetter {
    pub id: i64,
    pub send_id: i64,
    pub attempts: i64,
    pub email: String,
    pub unsubscribe_token: String,
    pub unsubscribed_at: Option<i64>,
}

/// What became of one delivery attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Sent,
    /// The recipient left the list after the send was made: not sent.
    Skipped,
    RetryAt(i64, String),
    GiveUp(String),
}

/// One send as the newsroom reports it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct SendReport {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub language: String,
    pub created_at: i64,
    pub recipients: i64,
    pub sent: i64,
    /// Given up after the last retry.
    pub failed: i64,
    /// Still to be sent (first try or a retry).
    pub waiting: i64,
    /// Recipients who left its list after it was made.
    pub unsubscribed: i64,
}

impl Store {
    /// Whether a send with this dedupe key was made already.
    pub async fn newsletter_send_exists(&self, dedupe_key: &str) -> Result<bool, StoreError> {
        let sql = "SELECT COUNT(*) FROM newsletter_sends WHERE dedupe_key = $1";
        let n: i64 = with_pool!(self, pool => sqlx::query_scalar(sql)
            .bind(dedupe_key).fetch_one(pool).await)?;
        Ok(n > 0)
    }

    /// Makes a send and its deliveries in one transaction: every confirmed address on
    /// the list (breaking news: on any list of the story's language that covers its
    /// section, each address once). Returns (send id, recipients), or None when a send
    /// with the same dedupe key exists.
    pub async fn create_newsletter_send(
        &self,
        s: &NewSend<'_>,
    ) -> Result<Option<(i64, i64)>, StoreError> {
        let now = crate::now();
        Ok(in_write_tx!(self, tx => {
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO newsletter_sends (kind, dedupe_key, frequency, section_id, language, \
                 article_id, subject, body_text, body_html, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (dedupe_key) DO NOTHING RETURNING id")
                .bind(s.kind).bind(s.dedupe_key).bind(s.frequency).bind(s.section_id)
                .bind(s.language).bind(s.article_id).bind(s.subject).bind(s.body_text)
                .bind(s.body_html).bind(s.actor).bind(now)
                .fetch_optional(&mut *tx).await?;
            match id {
                None => None,
                Some(id) => {
                    let n = sqlx::query(
                        "INSERT INTO newsletter_deliveries (send_id, subscription_id, next_attempt_at) \
                         SELECT $1, MIN(id), $2 FROM newsletter_subscriptions \
                         WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL AND language = $3 \
                         AND (section_id = 0 OR section_id = $4) \
                         AND ($5 = 'breaking' OR (frequency = $6 AND section_id = $4)) \
                         GROUP BY email")
                        .bind(id).bind(now).bind(s.language).bind(s.section_id)
                        .bind(s.kind).bind(s.frequency)
                        .execute(&mut *tx).await?.rows_affected() as i64;
                    sqlx::query("UPDATE newsletter_sends SET recipients = $1 WHERE id = $2")
                        .bind(n).bind(id).execute(&mut *tx).await?;
                    if let Some(actor) = s.actor {
                        let why = format!("send {id}: {} ({n} recipients)", s.subject);
                        audit!(tx, actor, "newsletter-breaking", why, now);
                    }
                    Some((id, n))
                }
            }
        }))
    }

    pub async fn newsletter_send(&self, id: i64) -> Result<Option<NewsletterSend>, StoreError> {
        let sql = "SELECT id, kind, language, subject, body_text, body_html \
                   FROM newsletter_sends WHERE id = $1";
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, NewsletterSend>(sql)
            .bind(id).fetch_optional(pool).await)?,
        )
    }

    /// Claims up to `limit` deliveries due by `now` for `lease_secs`: each goes to one
    /// node (or call) however many look at once.
    pub async fn claim_due_newsletter_mail(
        &self,
        now: i64,
        lease_secs: i64,
        limit: i64,
    ) -> Result<Vec<DueLetter>, StoreError> {
        // As for mail: the condition is repeated outside the subquery so that PostgreSQL
        // re-checks a row another transaction claimed meanwhile, and skips it.
        let claim = "UPDATE newsletter_deliveries SET claimed_until = $1 \
             WHERE id IN (SELECT id FROM newsletter_deliveries WHERE next_attempt_at <= $2 \
                 AND (claimed_until IS NULL OR claimed_until <= $2) \
                 ORDER BY next_attempt_at, id LIMIT $3) \
             AND next_attempt_at <= $2 AND (claimed_until IS NULL OR claimed_until <= $2) \
             RETURNING id";
        let mut ids = with_pool!(self, pool => sqlx::query_scalar::<_, i64>(claim)
            .bind(now + lease_secs).bind(now).bind(limit.clamp(1, 500))
            .fetch_all(pool).await)?;
        ids.sort_unstable();
        let one = "SELECT d.id, d.send_id, d.attempts, u.email, u.unsubscribe_token, u.unsubscribed_at \
                   FROM newsletter_deliveries d JOIN newsletter_subscriptions u ON u.id = d.subscription_id \
                   WHERE d.id = $1";
        let mut due = Vec::with_capacity(ids.len());
        for id in ids {
            let row = with_pool!(self, pool => sqlx::query_as::<_, DueLetter>(one)
                .bind(id).fetch_optional(pool).await)?;
            due.extend(row);
        }
        Ok(due)
    }

    /// Records how a delivery went and releases its claim.
    pub async fn record_newsletter_delivery(
        &self,
        id: i64,
        outcome: &DeliveryOutcome,
    ) -> Result<(), StoreError> {
        let now = crate::now();
        let (next, sent, skipped, error) = match outcome {
            DeliveryOutcome::Sent => (None, Some(now), None, ""),
            DeliveryOutcome::Skipped => (None, None, Some(now), ""),
            DeliveryOutcome::RetryAt(at, e) => (Some(*at), None, None, e.as_str()),
            DeliveryOutcome::GiveUp(e) => (None, None, None, e.as_str()),
        };
        let sql = "UPDATE newsletter_deliveries SET attempts = attempts + $1, next_attempt_at = $2, \
                   claimed_until = NULL, sent_at = $3, skipped_at = $4, last_error = $5 WHERE id = $6";
        let tried = i64::from(*outcome != DeliveryOutcome::Skipped);
        with_pool!(self, pool => sqlx::query(sql)
            .bind(tried).bind(next).bind(sent).bind(skipped).bind(error).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The newest sends with their counts.
    pub async fn newsletter_reports(&self, limit: i64) -> Result<Vec<SendReport>, StoreError> {
        let count = |cond: &str| {
            format!(
                "(SELECT COUNT(*) FROM newsletter_deliveries d WHERE d.send_id = s.id AND {cond})"
            )
        };
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT s.id, s.kind, s.subject, s.language, s.created_at, s.recipients, \
             {} AS sent, {} AS failed, {} AS waiting, \
             (SELECT COUNT(*) FROM newsletter_deliveries d JOIN newsletter_subscriptions u \
              ON u.id = d.subscription_id WHERE d.send_id = s.id \
              AND u.unsubscribed_at >= s.created_at) AS unsubscribed \
             FROM newsletter_sends s ORDER BY s.id DESC LIMIT $1",
            count("d.sent_at IS NOT NULL"),
            count("d.sent_at IS NULL AND d.skipped_at IS NULL AND d.next_attempt_at IS NULL"),
            count("d.next_attempt_at IS NOT NULL"),
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, SendReport>(sql)
            .bind(limit.clamp(1, 500)).fetch_all(pool).await)?,
        )
    }

    /// Published stories of `language` (and of section `section_id`, 0: any) published
    /// in `[from, to)`, newest first: a digest's content.
    pub async fn published_between(
        &self,
        section_id: i64,
        language: &str,
        (from, to): (i64, i64),
        limit: i64,
    ) -> Result<Vec<ArticleSummary>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SUMMARY_SELECT} FROM articles a JOIN sections s ON s.id = a.section_id \
             WHERE a.status = 'published' AND a.language = $1 AND ($2 = 0 OR a.section_id = $2) \
             AND a.published_at >= $3 AND a.published_at < $4 \
             ORDER BY a.published_at DESC, a.id DESC LIMIT $5"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, ArticleSummary>(sql)
            .bind(language).bind(section_id).bind(from).bind(to).bind(limit.clamp(1, 200))
            .fetch_all(pool).await)?,
        )
    }
}
