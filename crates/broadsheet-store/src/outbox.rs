//! The mail outbox: every message the site sends, and where mail waits without SMTP.

use crate::db::with_pool;
use crate::{Store, StoreError};
use serde::Serialize;

/// A message as stored.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub kind: String,
    pub transport: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub error: Option<String>,
    /// SMTP deliveries tried so far.
    pub attempts: i64,
    /// When a failed delivery is tried again; none once sent or given up.
    pub next_attempt_at: Option<i64>,
    /// The one-click unsubscribe address sent as `List-Unsubscribe`; none once sent.
    pub unsubscribe_url: Option<String>,
}

/// A message to record.
#[derive(Clone, Debug)]
pub struct NewMessage<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub kind: &'a str,
    /// `outbox` (kept here for an administrator to read) or `smtp`.
    pub transport: &'a str,
    /// The one-click unsubscribe address (`List-Unsubscribe`), when the mail has one.
    pub unsubscribe: Option<&'a str>,
}

const COLUMNS: &str = "id, to_addr, subject, body, kind, transport, created_at, sent_at, error, \
                       attempts, next_attempt_at, unsubscribe_url";

impl Store {
    pub async fn record_message(&self, m: &NewMessage<'_>) -> Result<i64, StoreError> {
        let sql = "INSERT INTO outbox \
                   (to_addr, subject, body, kind, transport, created_at, unsubscribe_url) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        Ok(with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql)
            .bind(m.to).bind(m.subject).bind(m.body).bind(m.kind).bind(m.transport)
            .bind(crate::now()).bind(m.unsubscribe)
            .fetch_one(pool).await)?)
    }

    /// Records a delivery: sent, keeping `kept_body` (the body with its secrets taken out)
    /// and dropping the unsubscribe address (its token is such a secret too).
    pub async fn message_sent(&self, id: i64, kept_body: &str) -> Result<(), StoreError> {
        let sql = "UPDATE outbox SET sent_at = $1, error = NULL, body = $2, \
                   unsubscribe_url = NULL, attempts = attempts + 1, next_attempt_at = NULL, claimed_until = NULL \
                   WHERE id = $3";
        with_pool!(self, pool => sqlx::query(sql)
            .bind(crate::now()).bind(kept_body).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Records a failed delivery, to be tried again at `retry_at` (none: given up).
    pub async fn message_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE outbox SET error = $1, attempts = attempts + 1, \
                   next_attempt_at = $2, claimed_until = NULL WHERE id = $3";
        with_pool!(self, pool => sqlx::query(sql)
            .bind(error).bind(retry_at).bind(id)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Claims up to `limit` messages whose retry time has come, for `lease_secs`: a
    /// message claimed by one node (or call) is not handed to another until its claim
    /// lapses, so each retry is sent once however many nodes look.
    pub async fn claim_due_messages(
        &self,
        now: i64,
        lease_secs: i64,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        // The claim condition is repeated outside the subquery: PostgreSQL re-checks it
        // on a row another transaction claimed meanwhile, and skips that row.
        let sql = sqlx::AssertSqlSafe(format!(
            "UPDATE outbox SET claimed_until = $1 \
             WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL \
                 AND next_attempt_at <= $2 AND (claimed_until IS NULL OR claimed_until <= $2) \
                 ORDER BY next_attempt_at LIMIT $3) \
             AND sent_at IS NULL AND next_attempt_at <= $2 \
             AND (claimed_until IS NULL OR claimed_until <= $2) \
             RETURNING {COLUMNS}"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, OutboxMessage>(sql)
            .bind(now + lease_secs).bind(now).bind(limit.clamp(1, 100))
            .fetch_all(pool).await)?,
        )
    }

    /// The newest messages, optionally only those to one address.
    pub async fn outbox(
        &self,
        to: Option<&str>,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE ($1 IS NULL OR to_addr = $1) ORDER BY id DESC LIMIT $2"
        ));
        Ok(
            with_pool!(self, pool => sqlx::query_as::<_, OutboxMessage>(sql)
            .bind(to).bind(limit.clamp(1, 500))
            .fetch_all(pool).await)?,
        )
    }
}
